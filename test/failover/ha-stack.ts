import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN } from '../../apps/server/src/store/postgres/testing/temp-cluster';
import { buildServerBundle, METRICS_TOKEN, SERVER_BUNDLE } from '../cluster/stack';
import { ServerProcess } from '../support/server-process';
import { Etcd } from './etcd';
import { Haproxy } from './haproxy';
import { waitFor } from './owned-process';
import { PatroniNode, SUPERUSER_PASSWORD } from './patroni-node';

const run = promisify(execFile);

/** The role and database the instances use, made as docs/failover.md makes them. */
const APP_PASSWORD = 'stockline-app-password-for-tests';

/**
 * The failover layout of docs/failover.md on loopback: one etcd, two Patroni nodes (a primary
 * and its synchronous standby), haproxy in front sending connections to the leader, and two
 * server instances (`apps/server/dist/main.js`, STORE=postgres) connecting through haproxy.
 */
export class HaStack {
  private constructor(
    readonly etcd: Etcd,
    readonly nodes: [PatroniNode, PatroniNode],
    readonly haproxy: Haproxy,
    readonly instances: ServerProcess[],
    /** Seconds each start-up step took, for the printed figures. */
    readonly startup: string,
  ) {}

  static async start(instanceCount: number): Promise<HaStack> {
    const started: { stop(): Promise<unknown> }[] = [];
    const logs = () => started.map((s) => ('log' in s ? String(s.log) : '')).join('\n');
    const steps: string[] = [];
    let last = Date.now();
    const step = (name: string) => {
      steps.push(`${name} ${((Date.now() - last) / 1000).toFixed(1)} s`);
      last = Date.now();
    };
    try {
      const etcd = await Etcd.start();
      started.push(etcd);
      step('etcd');
      // The first node bootstraps the cluster and leads; the second clones it and, with
      // synchronous_mode, becomes the synchronous standby.
      const first = await PatroniNode.start(1, etcd.hostPort);
      started.push(first);
      await waitFor('node 1 leads', () => first.answers('/primary'), 60_000, logs);
      step('primary');
      const second = await PatroniNode.start(2, etcd.hostPort);
      started.push(second);
      await waitFor('node 2 is the synchronous standby', () => second.answers('/sync'), 90_000, logs);
      step('synchronous standby');
      const haproxy = await Haproxy.start([first, second]);
      started.push(haproxy);
      await createAppDatabase(haproxy.port, logs);
      step('haproxy and database');

      buildServerBundle();
      const env = {
        STORE: 'postgres',
        DATABASE_URL: `postgres://stockline:${APP_PASSWORD}@127.0.0.1:${haproxy.port}/stockline`,
        METRICS_TOKEN,
        RATE_LIMIT_API: '100000000',
        LOG_LEVEL: 'error',
      };
      const instances: ServerProcess[] = [];
      const startInstance = async () => {
        const instance = await ServerProcess.start({ entry: SERVER_BUNDLE, env });
        instances.push(instance);
        started.push({ stop: () => instance.dispose() });
      };
      // The first migrates the schema and creates the admin; the others find both done.
      await startInstance();
      await Promise.all(Array.from({ length: instanceCount - 1 }, startInstance));
      step('instances');
      return new HaStack(etcd, [first, second], haproxy, instances, steps.join(', '));
    } catch (error) {
      for (const part of started.reverse()) await part.stop().catch(() => undefined);
      throw error;
    }
  }

  /** The node Patroni's REST API calls leader now, or null while there is none. */
  async leader(): Promise<PatroniNode | null> {
    for (const node of this.nodes) if (await node.answers('/primary').catch(() => false)) return node;
    return null;
  }

  get logs(): string {
    return [
      ...this.instances.map((i, n) => `--- instance ${n + 1}\n${i.log}`),
      this.haproxy.log,
      ...this.nodes.map((n) => n.log),
      `--- etcd\n${this.etcd.log}`,
    ].join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.dispose()));
    await this.haproxy.stop();
    await Promise.all(this.nodes.map((n) => n.stop()));
    await this.etcd.stop();
  }
}

/** Through haproxy, once it routes to the leader: a login role and a database it owns. */
async function createAppDatabase(port: number, logs: () => string): Promise<void> {
  const psql = (sql: string) =>
    run(join(BIN, 'psql'), [
      '-v',
      'ON_ERROR_STOP=1',
      '-qAt',
      '-c',
      sql,
      `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    ]);
  await waitFor(
    'haproxy routes to the leader',
    async () => (await psql('SELECT 1')).stdout.trim() === '1',
    30_000,
    logs,
  );
  await psql(`CREATE ROLE stockline LOGIN PASSWORD '${APP_PASSWORD}'`);
  await psql('CREATE DATABASE stockline OWNER stockline');
}
