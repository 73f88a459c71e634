import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/main.ts');

export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/**
 * The V8 flags production starts the server bundle with (`npm start`, the systemd unit, the
 * container images; apps/server/test/deploy-files.test.ts keeps them in step with this list). A
 * young generation of 32 MB semi-spaces instead of V8's 16 MB: under a few hundred concurrent
 * requests each scavenge copies the few megabytes then in flight and stops the server for a few
 * milliseconds; with twice the space it happens half as often (docs/performance.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

export interface ServerProcessOptions {
  /** Kept across restarts; a fresh temporary folder when omitted. */
  dataDir?: string;
  env?: Record<string, string>;
  /** The server's entry file: TypeScript source by default, or a built bundle. */
  entry?: string;
  /** Listen here instead of a fresh free port (a restored store served at the old address). */
  port?: number;
  /** More V8 flags for a built bundle (the benchmarks' `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * The real sync server as a child process on a fixed loopback port, so tests can kill -9 it
 * and start it again on the same data and address while replicas keep their URL.
 */
export class ServerProcess {
  readonly dataDir: string;
  readonly url: string;
  private child: ChildProcess | null = null;
  private output = '';
  private readonly ownsDataDir: boolean;

  private constructor(
    readonly port: number,
    private readonly options: ServerProcessOptions,
  ) {
    this.ownsDataDir = !options.dataDir;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stockline-test-'));
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(options: ServerProcessOptions = {}): Promise<ServerProcess> {
    const server = new ServerProcess(options.port ?? (await freePort()), options);
    await server.startAgain();
    return server;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** What the server printed, for failure messages. */
  get log(): string {
    return this.output;
  }

  async startAgain(): Promise<void> {
    if (this.child) throw new Error('server already running');
    const entry = this.options.entry ?? MAIN;
    const args = entry.endsWith('.ts')
      ? ['--import', 'tsx', entry]
      : [...SERVER_NODE_FLAGS, ...(this.options.nodeArgs ?? []), entry];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        STORE: 'sqlite',
        ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
        LOG_LEVEL: 'warn',
        // Tests stop servers often; a drain test sets its own window.
        DRAIN_WINDOW_MS: '0',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    try {
      await this.waitHealthy(child);
    } catch (error) {
      // A start that never got healthy must not leave its process behind.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        child.kill('SIGKILL');
        await exited;
      }
      throw error;
    }
  }

  /** SIGKILL: no shutdown hooks, no flush; what was committed must survive. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown (drain). Resolves with the exit code. */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  /** SIGSTOP: the process hangs (its sockets stay open, nothing answers) until resume(). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after pause(). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.startAgain();
  }

  /** Stops the server and removes its data folder if this object made it. */
  async dispose(): Promise<void> {
    await this.kill();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    const code = await exited;
    this.child = null;
    return code;
  }

  // Generous: on a loaded machine a start (schema check, first connections) can take many seconds.
  private async waitHealthy(child: ChildProcess, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server not healthy after ${timeoutMs} ms:\n${this.output}`);
  }
}
