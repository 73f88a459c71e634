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

  it('allows only bundled files when no server is configured, and nothing unparseable', () => {
    expect(isAllowedNavigation('file:///app/dist/index.html', null)).toBe(true);
    expect(isAllowedNavigation('https://stock.example.com/', null)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', server)).toBe(false);
    expect(isAllowedNavigation('not a url', server)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', server)).toBe(false);
  });

  it('normalizes a configured server URL and refuses anything but plain http(s)', () => {
    expect(normalizeServerUrl(' https://stock.example.com/ ')).toBe('https://stock.example.com');
    expect(normalizeServerUrl('http://10.0.0.5:8080/stockline//')).toBe('http://10.0.0.5:8080/stockline');
    expect(normalizeServerUrl('ftp://stock.example.com')).toBeNull();
    expect(normalizeServerUrl('https://user:pw@stock.example.com')).toBeNull();
    expect(normalizeServerUrl('')).toBeNull();
    expect(normalizeServerUrl(undefined)).toBeNull();
  });
});

describe('desktop server URL setting', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { resolveServerUrl } = await import('./settings');

  it('keeps the URL given on the first start for later starts without one', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stockline-desktop-')), 'settings.json');
    expect(resolveServerUrl(file, undefined)).toBeNull();
    expect(resolveServerUrl(file, 'https://stock.example.com/')).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, undefined)).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, 'not-a-url')).toBe('https://stock.example.com');
    expect(resolveServerUrl(file, 'http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ serverUrl: 'http://10.0.0.5:8080' });
  });
});
