import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, normalizeServerUrl } from './navigation';

describe('desktop navigation guard', () => {
  const server = 'https://stock.example.com';

  it('allows pages of the server origin', () => {
    expect(isAllowedNavigation('https://stock.example.com/', server)).toBe(true);
    expect(isAllowedNavigation('https://stock.example.com/outbox?x=1#y', server)).toBe(true);
    expect(isAllowedNavigation('https://STOCK.example.com/', server)).toBe(true);
  });

  it('refuses look-alike hosts that share the prefix', () => {
    expect(isAllowedNavigation('https://stock.example.com.evil.test/', server)).toBe(false);
    expect(isAllowedNavigation('https://stock.example.com@evil.test/', server)).toBe(false);
    expect(isAllowedNavigation('https://stock.example.community/', server)).toBe(false);
  });

  it('refuses another scheme or port of the same host', () => {
    expect(isAllowedNavigation('http://stock.example.com/', server)).toBe(false);
    expect(isAllowedNavigation('https://stock.example.com:8443/', server)).toBe(false);
    expect(isAllowedNavigation('http://10.0.0.5:8080/scan', 'http://10.0.0.5:8080')).toBe(true);
    expect(isAllowedNavigation('http://10.0.0.5:8081/scan', 'http://10.0.0.5:8080')).toBe(false);
  });

  it('allows only the bundled page when no server is configured: no other file, nothing on the network', () => {
    const bundled = 'file:///opt/Stockline/resources/app.asar/dist/index.html';
    expect(isAllowedNavigation('file:///opt/Stockline/resources/app.asar/dist/index.html#/outbox', bundled)).toBe(true);
    expect(isAllowedNavigation('file:///opt/Stockline/resources/app.asar/dist/index.html?x=1', bundled)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', bundled)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Stockline/resources/app.asar/dist/other.html', bundled)).toBe(false);
    expect(isAllowedNavigation('file://evil.test/opt/Stockline/resources/app.asar/dist/index.html', bundled)).toBe(
      false,
    );
    expect(isAllowedNavigation('https://stock.example.com/', bundled)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', server)).toBe(false);
    expect(isAllowedNavigation('data:text/html,<h1>hi</h1>', server)).toBe(false);
    expect(isAllowedNavigation('not a url', server)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', server)).toBe(false);
  });

  it('normalizes a configured server URL: https, or plain http only on this machine (loopback)', () => {
    expect(normalizeServerUrl(' https://stock.example.com/ ')).toBe('https://stock.example.com');
    expect(normalizeServerUrl('https://10.0.0.5:8443/stockline//')).toBe('https://10.0.0.5:8443/stockline');
    expect(normalizeServerUrl('http://10.0.0.5:8080/stockline')).toBeNull();
    expect(normalizeServerUrl('http://stock.example.com')).toBeNull();
    expect(normalizeServerUrl('http://127.0.0.1.evil.test:8080')).toBeNull();
    expect(normalizeServerUrl('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(normalizeServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normalizeServerUrl('ftp://stock.example.com')).toBeNull();
    expect(normalizeServerUrl('https://user:pw@stock.example.com')).toBeNull();
    expect(normalizeServerUrl('')).toBeNull();
    expect(normalizeServerUrl(undefined)).toBeNull();
  });
});

describe('desktop server URL setting', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { resolveServerUrl } = await import('./settings');

  it('keeps the URL given on the first start for later starts without one', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stockline-desktop-')), 'settings.json');
    expect(resolveServerUrl(file, undefined)).toBeNull();
    expect(resolveServerUrl(file, 'https://stock.example.com/')).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, undefined)).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, 'not-a-url')).toBe('https://stock.example.com');
    // A plain-HTTP server elsewhere is refused; the kept one stays.
    expect(resolveServerUrl(file, 'http://10.0.0.5:8080')).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, 'https://10.0.0.5:8443')).toBe('https://10.0.0.5:8443');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ serverUrl: 'https://10.0.0.5:8443' });
  });
});
