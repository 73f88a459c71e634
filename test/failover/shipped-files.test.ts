import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * What deploy/patroni promises, checked on the files themselves (no package needed): the two
 * nodes differ only in who they are, commits wait for the synchronous standby, and haproxy
 * sends connections only to the node whose Patroni says it is primary, at the ports the nodes use.
 */
const DEPLOY = resolve(import.meta.dirname, '../../deploy/patroni');
const text = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');
const node = (n: 1 | 2) => parse(text(`node${n}.yml`));

describe('deploy/patroni', () => {
  it('node2.yml is node1.yml with the other name and addresses', () => {
    const [one, two] = [text('node1.yml'), text('node2.yml')];
    const withoutIdentity = (yml: string, me: string) =>
      yml
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n')
        .replaceAll(me, 'dbN');
    expect(withoutIdentity(two, 'db2')).toBe(withoutIdentity(one, 'db1'));
    expect(node(1).name).toBe('db1');
    expect(node(2).name).toBe('db2');
  });

  it('a commit waits for the synchronous standby, and only that standby is promoted', () => {
    const dcs = node(1).bootstrap.dcs;
    expect(dcs.synchronous_mode).toBe(true);
    expect(dcs.postgresql.parameters.synchronous_commit).toBe('on');
    // Patroni's own rule: the leader key must outlive a loop plus two retries.
    expect(dcs.ttl).toBeGreaterThanOrEqual(dcs.loop_wait + 2 * dcs.retry_timeout);
  });

  it('haproxy sends connections to the node answering GET /primary, on the ports the nodes listen on', () => {
    const cfg = text('haproxy.cfg');
    expect(cfg).toMatch(/^\s*http-check send meth GET uri \/primary$/m);
    expect(cfg).toMatch(/^\s*http-check expect status 200$/m);
    expect(cfg).toMatch(/on-marked-down shutdown-sessions/);
    for (const n of [1, 2] as const) {
      const { restapi, postgresql } = node(n);
      expect(cfg).toMatch(
        new RegExp(`^\\s*server db${n} "\\$\\{DB${n}_POSTGRES\\}" check port "\\$\\{DB${n}_PATRONI_PORT\\}"$`, 'm'),
      );
      expect(cfg).toMatch(new RegExp(`^\\s*presetenv DB${n}_POSTGRES ${postgresql.connect_address}$`, 'm'));
      expect(cfg).toMatch(
        new RegExp(`^\\s*presetenv DB${n}_PATRONI_PORT ${restapi.connect_address.split(':')[1]}$`, 'm'),
      );
    }
  });
});
