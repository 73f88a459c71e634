import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Nginx, NGINX_SITE, nginxMissing } from '@stockline/test/support/nginx';
import { startTestServer, type TestServer } from './support/harness';

/**
 * The TLS lines that deploy/nginx/stockline.conf tells operators to put in
 * stockline-listen.conf, taken from its comment as written, run by this machine's nginx (Debian's
 * 1.22) in front of a real server: nginx accepts them, and HTTPS answers carry exactly one
 * Strict-Transport-Security header.
 */

const missing = nginxMissing();
if (missing) console.warn(`[tls template] skipped: ${missing}`);

/** The indented lines after "with TLS terminated here:" up to the first prose line, comment marks removed. */
function documentedTlsListen(): string[] {
  const comment = readFileSync(NGINX_SITE, 'utf8').split('\n');
  const start = comment.findIndex((line) => line.includes('with TLS terminated here:'));
  const lines: string[] = [];
  for (const line of comment.slice(start + 1)) {
    const text = line.replace(/^#\s*/, '');
    if (!/^[a-z_0-9]+\s.*;(\s*#.*)?$/.test(text)) break;
    lines.push(text);
  }
  return lines;
}

describe.skipIf(missing !== null)('the TLS listen of the nginx template', () => {
  let t: TestServer | null = null;
  let nginx: Nginx | null = null;
  afterAll(async () => {
    await nginx?.stop();
    await t?.close();
  });

  it('works on Debian nginx as written and sends one Strict-Transport-Security header', async () => {
    const lines = documentedTlsListen();
    expect(lines.some((l) => l.startsWith('listen 443 ssl'))).toBe(true);
    t = await startTestServer({ TRUST_PROXY: '1' });
    const upstream = new URL(t.url).host;
    nginx = await Nginx.start([upstream], {
      scheme: 'https',
      listen: (port, dir) => {
        const cert = join(dir, 'cert.pem');
        const key = join(dir, 'key.pem');
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
            '-keyout',
            key,
            '-out',
            cert,
          ],
          { stdio: 'ignore' },
        );
        return `${lines
          .map((l) =>
            l
              .replace(/^listen 443 /, `listen 127.0.0.1:${port} `)
              .replace(/^ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`)
              .replace(/^ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`),
          )
          .join('\n')}\n`;
      },
    });
    const answer = await new Promise<{ status: number; raw: string[] }>((resolve, reject) => {
      const req = request(`${nginx!.url}/healthz`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: res.rawHeaders }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    const hsts = answer.raw
      .filter((_, i) => i % 2 === 0)
      .filter((name) => name.toLowerCase() === 'strict-transport-security');
    expect(hsts).toHaveLength(1);
  });
});
