import { describe, expect, it } from 'vitest';
import { BUNDLED_APP_CSP, withBundledPolicy } from './content-policy';
import { viewMenu } from './menu';
import { permissionGranted } from './permissions';

const server = 'https://stock.example.com/';
const bundled = 'file:///opt/Stockline/resources/app.asar/dist/index.html';

describe('desktop permission handler', () => {
  it('grants the camera to the app itself, from the server or the bundled page', () => {
    expect(
      permissionGranted(
        { permission: 'media', requestingUrl: 'https://stock.example.com/scan', mediaTypes: ['video'] },
        server,
      ),
    ).toBe(true);
    expect(
      permissionGranted({ permission: 'media', requestingUrl: `${bundled}#/scan`, mediaTypes: ['video'] }, bundled),
    ).toBe(true);
  });

  it('refuses the microphone, a media ask that names nothing, and the camera for any other page', () => {
    expect(permissionGranted({ permission: 'media', requestingUrl: server, mediaTypes: ['audio'] }, server)).toBe(
      false,
    );
    expect(
      permissionGranted({ permission: 'media', requestingUrl: server, mediaTypes: ['video', 'audio'] }, server),
    ).toBe(false);
    expect(permissionGranted({ permission: 'media', requestingUrl: server }, server)).toBe(false);
    expect(
      permissionGranted({ permission: 'media', requestingUrl: 'https://evil.test/', mediaTypes: ['video'] }, server),
    ).toBe(false);
    expect(
      permissionGranted({ permission: 'media', requestingUrl: 'file:///tmp/x.html', mediaTypes: ['video'] }, bundled),
    ).toBe(false);
  });

  it('refuses everything else, even to the app itself', () => {
    for (const permission of [
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'midi',
      'midiSysex',
      'pointerLock',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'idle-detection',
      'unknown',
    ]) {
      expect(permissionGranted({ permission, requestingUrl: server, mediaTypes: ['video'] }, server), permission).toBe(
        false,
      );
    }
  });
});

describe('desktop content policy for the bundled page', () => {
  it('is strict: own scripts only, no eval, no plugins, frames, forms or <base>; the camera preview and the sync server allowed', () => {
    const directives = new Map(BUNDLED_APP_CSP.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    for (const none of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors'])
      expect(directives.get(none), none).toEqual(["'none'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    // Sync over TLS anywhere; plain http/ws only to this machine, as the server URL setting allows.
    const connect = directives.get('connect-src')!;
    expect(connect).toContain('https:');
    expect(connect).toContain('wss:');
    expect(
      connect
        .filter((s) => s.startsWith('http:') || s.startsWith('ws:'))
        .every((s) => /^(http|ws):\/\/(localhost|127\.0\.0\.1|\[::1\]):\*$/.test(s)),
    ).toBe(true);
    expect(BUNDLED_APP_CSP).not.toMatch(/unsafe-eval|\*(?!\s|;|$)|'unsafe-inline'.*script/);
  });

  it('is set on file:// loads, replacing any other, and leaves server pages to the server', () => {
    expect(withBundledPolicy(bundled, { 'content-security-policy': ['default-src *'] })).toEqual({
      'Content-Security-Policy': [BUNDLED_APP_CSP],
    });
    const fromServer = { 'Content-Security-Policy': ["default-src 'self'"] };
    expect(withBundledPolicy('https://stock.example.com/', fromServer)).toBe(fromServer);
  });
});

describe('desktop menu', () => {
  it('has no DevTools in the packaged app, and keeps them for a development run', () => {
    const roles = (packaged: boolean) => (viewMenu(packaged).submenu as Array<{ role?: string }>).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });
});
