import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@stockline/test/support/ports';
import { SERVER_NODE_FLAGS, TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';

const ROOT = resolve(import.meta.dirname, '../..');
/** The password of the users the bench creates; long enough for the server's password policy. */
export const BENCH_PASSWORD = 'pallet-jack-bench-4821';
export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

/**
 * The production bundle of the sync server in its own process, on a loopback port, with a fresh
 * data folder. Rate limits are lifted (the load comes from one address and one token) and
 * logging is at `error`, as a tuned production deployment would run it.
 */
export class BenchServer {
  private output = '';
  private constructor(
    readonly url: string,
    readonly proc: ChildProcess,
    private readonly dataDir: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-10_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
  }

  static async start(
    options: { cpuProfDir?: string | undefined; env?: Record<string, string> } = {},
  ): Promise<BenchServer> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'stockline-bench-'));
    const nodeArgs = [
      ...SERVER_NODE_FLAGS,
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    ];
    const cmd = [process.execPath, ...nodeArgs, join(ROOT, 'apps/server/dist/main.js')].map((a) => `'${a}'`).join(' ');
    const proc = spawn('/bin/sh', ['-c', `ulimit -n 65536 2>/dev/null || true; exec ${cmd}`], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        STORE: 'sqlite',
        ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        JWT_SECRET: BENCH_JWT_SECRET,
        LOG_LEVEL: 'error',
        RATE_LIMIT_API: '100000000',
        RATE_LIMIT_LOGIN: '1000000',
        // The socket module holds thousands of sockets for one manager on purpose.
        SOCKETS_PER_USER: '1000000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new BenchServer(`http://127.0.0.1:${port}`, proc, dataDir);
    await server.waitHealthy();
    return server;
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`server exited:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server not healthy:\n${this.output}`);
  }

  /** SIGTERM (so a --cpu-prof profile is written), then removes the data folder. */
  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise<void>((done) => this.proc.once('exit', () => done()));
      this.proc.kill('SIGTERM');
      const force = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
