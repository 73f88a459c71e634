import { existsSync } from 'node:fs';
import { postgresMissing } from '../../apps/server/src/store/postgres/testing/availability';

export const PATRONI = process.env.PATRONI_BIN ?? '/usr/bin/patroni';
export const ETCD = process.env.ETCD_BIN ?? '/usr/bin/etcd';
export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

/**
 * Why the failover stack cannot run here, or null when it can. Under CI=true a missing package
 * is a failure (.ci/run installs patroni, etcd-server and haproxy), not a reason to skip.
 */
export function haStackMissing(): string | null {
  const postgres = postgresMissing();
  if (postgres) return postgres;
  const absent = [
    [PATRONI, 'patroni'],
    [ETCD, 'etcd-server'],
    [HAPROXY, 'haproxy'],
  ].filter(([path]) => !existsSync(path!));
  if (absent.length === 0) return null;
  const why = `no ${absent.map(([path]) => path).join(', ')} (apt-get install ${absent.map(([, pkg]) => pkg).join(' ')})`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}
