import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PostgreSQL refuses to run as root, and Patroni runs it as the user Patroni runs as: under root
 * these processes run as `postgres`, who owns their folders. Otherwise as the caller.
 */
export const runAs: { uid: number; gid: number } | null =
  process.getuid?.() === 0
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : null;

/** A temporary folder the processes above may write. */
export function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

/** A child process whose output is kept (the last 30 kB) for failure messages. */
export class LoggedProcess {
  private output = '';
  readonly child: ChildProcess;

  constructor(
    command: string,
    args: string[],
    options: { cwd: string; env: Record<string, string>; asOwner: boolean },
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.asOwner && runAs ? runAs : {}),
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-30_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('error', (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
  }

  get log(): string {
    return this.output;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends `signal` and waits for the exit, SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** Polls `check` until it is true; the error names what did not happen. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  log = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
