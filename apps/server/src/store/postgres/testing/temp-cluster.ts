import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@stockline/test/support/ports';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries; PG_BIN overrides (e.g. another major version). */
export const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TempCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust auth on loopback only. */
  url: string;
  port: number;
  /** The postmaster's pid while it runs (fault-injection tests pause it and its backends). */
  pid(): number | null;
  /** `pg_ctl stop -m immediate`: every session cut at once, recovery on the next start. */
  crash(): Promise<void>;
  /** Starts it again on the same data and port after crash(). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TempClusterOptions {
  /** fsync and synchronous_commit off: fine for tests that never crash the database itself. */
  fast?: boolean;
}

/**
 * A throwaway PostgreSQL cluster for tests and the bench: initdb into a temporary folder,
 * started with pg_ctl on a free loopback port, removed by stop(). PostgreSQL refuses to run as
 * root, so under root the binaries run as the `postgres` user, who owns the folder.
 */
export async function startTempCluster(options: TempClusterOptions = {}): Promise<TempCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'stockline-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  // Run from the cluster's own folder: the `postgres` user may not be allowed into the caller's.
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args], { cwd: dir })
      : run(join(BIN, tool), args, { cwd: dir });

  const data = join(dir, 'data');
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=200',
    '-c shared_buffers=64MB',
    ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  const start = () => pg('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings, '-w', '-t', '60', 'start']);
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid() {
      try {
        return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    async crash() {
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    async start() {
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
