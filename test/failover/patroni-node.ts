import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { BIN } from '../../apps/server/src/store/postgres/testing/temp-cluster';
import { PATRONI } from './ha-missing';
import { LoggedProcess, ownedTempDir } from './owned-process';
import { freePort } from '../support/ports';

const DEPLOY = resolve(import.meta.dirname, '../../deploy/patroni');

export const SUPERUSER_PASSWORD = 'patroni-superuser-password-for-tests';
const REPLICATION_PASSWORD = 'patroni-replication-password-for-tests';

/** The parts of a Patroni configuration the test changes; the rest passes through untouched. */
interface PatroniConfig {
  name: string;
  restapi: { listen: string; connect_address: string };
  etcd3: { hosts: string };
  bootstrap: { pg_hba: string[]; initdb: unknown[] };
  postgresql: Record<string, unknown> & { parameters: Record<string, unknown> };
}

/**
 * The shipped deploy/patroni/node<n>.yml with this machine put in: loopback addresses on free
 * ports, folders under a temporary one, the local PostgreSQL binaries, pg_hba opened to
 * loopback instead of the LAN, initdb without fsync. Everything else (timings, synchronous
 * mode, parameters) as shipped.
 */
function configFor(
  node: 1 | 2,
  dir: string,
  ports: { postgres: number; api: number },
  etcdHosts: string,
): PatroniConfig {
  const config = parse(readFileSync(join(DEPLOY, `node${node}.yml`), 'utf8')) as PatroniConfig;
  config.restapi.listen = config.restapi.connect_address = `127.0.0.1:${ports.api}`;
  config.etcd3.hosts = etcdHosts;
  config.bootstrap.pg_hba = config.bootstrap.pg_hba.map((line) => line.replace(/\S+\/\d+/, '127.0.0.1/32'));
  // A throwaway cluster needs no initdb fsync (seconds on a busy disk); PostgreSQL's own fsync stays on.
  config.bootstrap.initdb.push('no-sync');
  Object.assign(config.postgresql, {
    listen: `127.0.0.1:${ports.postgres}`,
    connect_address: `127.0.0.1:${ports.postgres}`,
    data_dir: join(dir, 'data'),
    bin_dir: BIN,
    pgpass: join(dir, 'pgpass'),
  });
  config.postgresql.parameters.unix_socket_directories = dir;
  return config;
}

/** PIDs of the direct children of `pid` (PostgreSQL's backends and auxiliary processes). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** One Patroni (running as `postgres`) and the PostgreSQL it manages, on loopback. */
export class PatroniNode {
  private constructor(
    readonly name: string,
    readonly postgresPort: number,
    readonly apiUrl: string,
    private readonly dir: string,
    private readonly process: LoggedProcess,
  ) {}

  static async start(node: 1 | 2, etcdHosts: string): Promise<PatroniNode> {
    const dir = ownedTempDir(`stockline-patroni${node}-`);
    const ports = { postgres: await freePort(), api: await freePort() };
    const config = configFor(node, dir, ports, etcdHosts);
    const file = join(dir, 'patroni.yml');
    writeFileSync(file, JSON.stringify(config, null, 2)); // JSON is YAML
    const process = new LoggedProcess(PATRONI, [file], {
      cwd: dir,
      asOwner: true,
      env: {
        HOME: dir,
        PATRONI_SUPERUSER_PASSWORD: SUPERUSER_PASSWORD,
        PATRONI_REPLICATION_PASSWORD: REPLICATION_PASSWORD,
      },
    });
    return new PatroniNode(config.name, ports.postgres, `http://127.0.0.1:${ports.api}`, dir, process);
  }

  /** Patroni's own output (PostgreSQL's goes to its log folder). */
  get log(): string {
    return `--- patroni ${this.name}\n${this.process.log}`;
  }

  /** GET on Patroni's REST API: 200 for /primary on the leader, for /sync on the synchronous standby. */
  async answers(path: '/primary' | '/sync' | '/health'): Promise<boolean> {
    const res = await fetch(this.apiUrl + path, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.status === 200;
  }

  /**
   * The host dies: SIGKILL to Patroni and, at the same moment, to the postmaster and every one
   * of its processes. Nothing is flushed, no session is closed politely, the leader key stays in
   * etcd until its ttl runs out.
   */
  killHard(): void {
    const postgres = this.postgresProcesses();
    this.process.child.kill('SIGKILL');
    for (const pid of postgres) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Patroni stops its PostgreSQL on SIGTERM; whatever is left after that is killed. */
  async stop(): Promise<void> {
    await this.process.stop('SIGTERM', 15_000);
    for (const pid of this.postgresProcesses()) process.kill(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * This node's postmaster and its processes, none when it is not running. The pid file may be
   * stale after a kill, so the pid counts only while its command line names this data folder.
   */
  private postgresProcesses(): number[] {
    try {
      const postmaster = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(join(this.dir, 'data'))) return [];
      return [postmaster, ...childrenOf(postmaster)];
    } catch {
      return [];
    }
  }
}
