import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

const ROOT = resolve(import.meta.dirname, '../..');
/** The gateway configuration shipped for production, used here unchanged. */
export const NGINX_SITE = join(ROOT, 'deploy/nginx/stockline.conf');
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export function nginxMissing(): string | null {
  if (existsSync(NGINX)) return null;
  const why = `no nginx at ${NGINX} (apt-get install nginx, or set NGINX_BIN)`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

/**
 * nginx in the foreground with its own prefix folder: a minimal nginx.conf around
 * deploy/nginx/stockline.conf (copied byte for byte), the two site files it includes
 * (the instances, and a plain loopback listen), pid and logs in the folder.
 */
export class Nginx {
  private constructor(
    readonly url: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * `listen` writes stockline-listen.conf for the given port and prefix folder (a plain
   * loopback listen by default); `scheme` is what the url then speaks. `rewrite` changes the
   * shipped file on its way in (the benchmarks lift its per-address limits for a load generator
   * that speaks from one address); tests leave it alone.
   */
  static async start(
    upstreams: string[],
    site: {
      listen?: (port: number, dir: string) => string;
      scheme?: 'http' | 'https';
      rewrite?: (conf: string) => string;
    } = {},
  ): Promise<Nginx> {
    const dir = mkdtempSync(join(tmpdir(), 'stockline-nginx-'));
    chmodSync(dir, 0o755); // workers (user nobody under root) read the files and make temp folders
    const port = await freePort();
    if (site.rewrite) writeFileSync(join(dir, 'stockline.conf'), site.rewrite(readFileSync(NGINX_SITE, 'utf8')));
    else copyFileSync(NGINX_SITE, join(dir, 'stockline.conf'));
    writeFileSync(
      join(dir, 'stockline-upstreams.conf'),
      upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=5s;\n`).join(''),
    );
    writeFileSync(
      join(dir, 'stockline-listen.conf'),
      site.listen ? site.listen(port, dir) : `listen 127.0.0.1:${port};\n`,
    );
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include stockline.conf;
}
`,
    );
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const nginx = new Nginx(`${site.scheme ?? 'http'}://127.0.0.1:${port}`, dir, child);
    const deadline = Date.now() + 15_000;
    while (!(await listening(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
        await nginx.stop();
        throw new Error(`nginx did not start:\n${output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return nginx;
  }

  get errorLog(): string {
    const file = join(this.dir, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
