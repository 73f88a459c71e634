import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startTempCluster, type TempCluster } from '../../apps/server/src/store/postgres/testing/temp-cluster';
import { Nginx } from '../support/nginx';
import { ServerProcess } from '../support/server-process';

const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER_BUNDLE = join(ROOT, 'apps/server/dist/main.js');

/** /metrics is off without a token; the tests read it with this one. */
export const METRICS_TOKEN = 'cluster-metrics-token-0123456789';
export const metricsHeaders = { authorization: `Bearer ${METRICS_TOKEN}` };

/** Failed logins per client address an instance allows per window (the default, stated). */
export const LOGIN_FAILURES_PER_ADDRESS = 20;

/**
 * As the README's production section says: TRUST_PROXY=1 behind the shipped nginx file. The API
 * and bad-token limits are off at the instances (the tests push from a few addresses on purpose);
 * the login brakes keep their defaults, since only failed logins count and the gateway test
 * checks that they count per real client.
 */
const INSTANCE_ENV = {
  METRICS_TOKEN,
  RATE_LIMIT_API: '100000000',
  RATE_LIMIT_LOGIN: '10',
  RATE_LIMIT_LOGIN_IP: String(LOGIN_FAILURES_PER_ADDRESS),
  RATE_LIMIT_BAD_TOKEN: '1000000',
  LOG_LEVEL: 'error',
  TRUST_PROXY: '1',
};

/** The production server bundle, built once per run (a few seconds with esbuild). */
export function buildServerBundle(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: join(ROOT, 'apps/server'), stdio: 'ignore' });
}

/**
 * What production runs, on loopback: one PostgreSQL, `count` real server processes
 * (`node apps/server/dist/main.js`, STORE=postgres) and nginx in front with deploy/nginx/stockline.conf.
 */
async function healthzCount(instance: ServerProcess): Promise<number> {
  const text = await (await fetch(`${instance.url}/metrics`, { headers: metricsHeaders })).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('stockline_http_request_duration_seconds_count{') && l.includes('route="/healthz"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

export class ClusterStack {
  private constructor(
    readonly database: TempCluster,
    readonly instances: ServerProcess[],
    readonly gateway: Nginx,
  ) {}

  static async start(
    count: number,
    options: {
      fastDatabase?: boolean;
      env?: Record<string, string>;
      gatewayRewrite?: (conf: string) => string;
      nodeArgs?: string[];
    } = {},
  ): Promise<ClusterStack> {
    const database = await startTempCluster({ fast: options.fastDatabase ?? true });
    const instances: ServerProcess[] = [];
    try {
      const env = { ...INSTANCE_ENV, STORE: 'postgres', DATABASE_URL: database.url, ...options.env };
      // The first one migrates the schema and creates the admin; the others find both done.
      const nodeArgs = options.nodeArgs ?? [];
      instances.push(await ServerProcess.start({ entry: SERVER_BUNDLE, env, nodeArgs }));
      instances.push(
        ...(await Promise.all(
          Array.from({ length: count - 1 }, () => ServerProcess.start({ entry: SERVER_BUNDLE, env, nodeArgs })),
        )),
      );
      const gateway = await Nginx.start(
        instances.map((i) => `127.0.0.1:${i.port}`),
        options.gatewayRewrite ? { rewrite: options.gatewayRewrite } : {},
      );
      return new ClusterStack(database, instances, gateway);
    } catch (error) {
      await Promise.all(instances.map((i) => i.dispose()));
      await database.stop();
      throw error;
    }
  }

  get url(): string {
    return this.gateway.url;
  }

  /**
   * Which instance (0-based, -1 when none answered) nginx sends `send`'s client to: a /healthz through the gateway, then
   * each instance's own request counter says who answered it. Call only while nothing else
   * probes /healthz.
   */
  async instanceFor(send: typeof fetch): Promise<number> {
    const before = await Promise.all(this.instances.map(healthzCount));
    const res = await send(`${this.url}/healthz`);
    if (!res.ok) return -1; // nginx found no live instance for it (yet)
    const after = await Promise.all(this.instances.map(healthzCount));
    const served = after.findIndex((n, i) => n > before[i]!);
    if (served < 0) throw new Error('no instance counted the probe');
    return served;
  }

  /** Everything the instances printed, for failure messages. */
  get logs(): string {
    return (
      this.instances.map((i, n) => `--- instance ${n + 1}\n${i.log}`).join('\n') +
      `\n--- nginx\n${this.gateway.errorLog}`
    );
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await Promise.all(this.instances.map((i) => i.dispose()));
    await this.database.stop();
  }
}
