import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Socket-heavy children get a higher open-file limit than the shell's default. */
const FILE_LIMIT = 65_536;

/**
 * A TypeScript worker in a process of its own (load generators never share the server's
 * process). Talks over IPC: `request` sends a message and waits for the reply of the same kind.
 */
export class Child {
  private readonly waiters = new Map<string, (msg: Record<string, unknown>) => void>();
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-10_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    // A worker that died is reported by `next` with its output; do not crash the bench here.
    proc.on('error', (error) => {
      this.output += `\n[ipc] ${error.message}`;
    });
    proc.on('message', (raw) => {
      const msg = raw as Record<string, unknown>;
      const waiter = this.waiters.get(String(msg.type));
      if (waiter) {
        this.waiters.delete(String(msg.type));
        waiter(msg);
      }
    });
    this.exited = new Promise((done) => proc.once('exit', (code) => done(code)));
  }

  /** Starts `bench/<file>` under tsx with `args` as JSON in argv[2]; `env` adds to the environment. */
  static start(
    file: string,
    args: unknown,
    options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
  ): Child {
    const node = [
      process.execPath,
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      resolve(ROOT, 'bench', file),
      JSON.stringify(args),
    ];
    const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // Through a shell so the open-file limit can be raised for this child only.
    const proc = spawn('/bin/sh', ['-c', `ulimit -n ${FILE_LIMIT} 2>/dev/null || true; exec ${quoted}`], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Child(proc);
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get log(): string {
    return this.output;
  }

  /** Waits for a message of `type` (sent by the child unprompted or in answer to `send`). */
  next<T = Record<string, unknown>>(type: string, timeoutMs = 120_000): Promise<T> {
    return new Promise((resolveMsg, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(type);
        reject(new Error(`worker did not answer "${type}" in ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      void this.exited.then((code) => {
        if (this.waiters.has(type)) {
          clearTimeout(timer);
          this.waiters.delete(type);
          reject(new Error(`worker exited (${code}) before "${type}":\n${this.output}`));
        }
      });
      this.waiters.set(type, (msg) => {
        clearTimeout(timer);
        resolveMsg(msg as T);
      });
    });
  }

  async request<T = Record<string, unknown>>(
    message: { type: string } & Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<T> {
    const answer = this.next<T>(message.type, timeoutMs);
    if (this.proc.connected) this.proc.send(message);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
