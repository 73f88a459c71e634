import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SERVER_NODE_FLAGS } from '@stockline/test/support/server-process';
import { loadConfig } from '../src/config';

/**
 * deploy/ is checked here because `docker compose config` needs a Docker with the compose
 * plugin, which the machines this suite runs on may not have: every YAML file must parse, the
 * compose layouts must hold what the README promises, and the systemd unit must have its keys.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const DEPLOY = join(ROOT, 'deploy');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function yamlOf(file: string): any {
  const doc = parseDocument(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  expect(doc.errors.map(String), relative(ROOT, file)).toEqual([]);
  return doc.toJS({ maxAliasCount: 1000 });
}

/** systemd's unit format: [Section] headers and Key=Value lines; a key may repeat. */
function unitOf(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`not a unit line: ${line}`);
    current.set(kv[1]!, [...(current.get(kv[1]!) ?? []), kv[2]!]);
  }
  return sections;
}

describe('deploy/', () => {
  const yamlFiles = filesUnder(DEPLOY).filter((f) => /\.ya?ml$/.test(f));

  it('each compose layout tells the operator to open an address it publishes', () => {
    for (const layout of ['postgres', 'mongodb']) {
      const file = join(DEPLOY, layout, 'compose.yaml');
      const said = [...readFileSync(file, 'utf8').matchAll(/^#.*\bopen (https?):\/\/localhost(?::(\d+))?/gm)];
      const published: string[] = Object.values(yamlOf(file).services as Record<string, { ports?: string[] }>).flatMap(
        (service) => service.ports ?? [],
      );
      for (const [, scheme, port] of said) {
        const hostPort = port ?? (scheme === 'https' ? '443' : '80');
        expect(
          published.some((p) => String(p).split(':')[0] === hostPort),
          `${layout}: "open ${scheme}://localhost${port ? `:${port}` : ''}" but it publishes ${published.join(', ')}`,
        ).toBe(true);
      }
    }
  });

  it('every YAML file parses', () => {
    expect(yamlFiles.length).toBeGreaterThan(0);
    for (const file of yamlFiles) yamlOf(file);
  });

  it('every file of the systemd and MongoDB layouts explains itself in comments', () => {
    for (const file of [...filesUnder(join(DEPLOY, 'systemd')), ...filesUnder(join(DEPLOY, 'mongodb'))]) {
      expect(readFileSync(file, 'utf8'), relative(ROOT, file)).toMatch(/^#/m);
    }
  });

  describe('MongoDB layout (deploy/mongodb/compose.yaml)', () => {
    const composeFile = join(DEPLOY, 'mongodb/compose.yaml');
    const compose = yamlOf(composeFile);
    const services: Record<string, any> = compose.services;
    const servers = Object.entries(services).filter(([, s]) => s.environment?.STORE === 'mongodb');

    it('runs two or more server instances on one replica set with one shared JWT_SECRET', () => {
      expect(servers.length).toBeGreaterThanOrEqual(2);
      const secrets = new Set(servers.map(([, s]) => s.environment.JWT_SECRET));
      expect(secrets.size).toBe(1);
      expect([...secrets][0]).toMatch(/^\$\{JWT_SECRET:\?/);
      const uris = new Set(servers.map(([, s]) => s.environment.MONGODB_URI));
      expect(uris.size).toBe(1);
      expect([...uris][0]).toMatch(/replicaSet=rs0/);
    });

    it('each instance is valid server configuration, checked for readiness, with time to drain', () => {
      for (const [name, s] of servers) {
        const env = { ...s.environment, JWT_SECRET: 'x'.repeat(48) };
        const config = loadConfig(env, '/');
        expect(config.store.kind, name).toBe('mongodb');
        expect(JSON.stringify(s.healthcheck.test), name).toContain('/readyz');
        const grace = Number(/^(\d+)s$/.exec(s.stop_grace_period)?.[1]);
        expect(grace * 1000, `${name} stop_grace_period`).toBeGreaterThan(config.shutdownTimeoutMs + 1000);
      }
    });

    it('has a replica set of mongod members joined once by an init service', () => {
      const members = Object.entries(services).filter(([, s]) => Array.isArray(s.command) && s.command[0] === 'mongod');
      expect(members.length).toBeGreaterThanOrEqual(3);
      for (const [, m] of members) expect(m.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
      const init = JSON.stringify(services['mongo-init'].command);
      for (const [name] of members) expect(init).toContain(`${name}:27017`);
      for (const [, s] of servers) expect(s.depends_on['mongo-init'].condition).toBe('service_completed_successfully');
    });

    it('puts nginx in front with the shared gateway config and every instance upstream', () => {
      const nginx = services.nginx;
      const mounts: string[] = nginx.volumes;
      expect(mounts).toContain('../nginx/stockline.conf:/etc/nginx/conf.d/stockline.conf:ro');
      for (const mount of mounts) {
        const source = resolve(dirname(composeFile), mount.split(':')[0]!);
        expect(existsSync(source), mount).toBe(true);
      }
      const upstreams = readFileSync(join(DEPLOY, 'mongodb/nginx/stockline-upstreams.conf'), 'utf8');
      for (const [name] of servers) expect(upstreams).toMatch(new RegExp(`^server ${name}:8080\\b`, 'm'));
      for (const [name] of servers) expect(nginx.depends_on[name].condition).toBe('service_healthy');
      const shared = join(DEPLOY, 'nginx/stockline.conf');
      if (existsSync(shared)) {
        const text = readFileSync(shared, 'utf8');
        expect(text).toMatch(/include stockline-upstreams\.conf;/);
        expect(text).toMatch(/include stockline-listen\.conf;/);
      }
    });
  });

  describe('gateway (deploy/nginx/stockline.conf)', () => {
    const text = readFileSync(join(DEPLOY, 'nginx/stockline.conf'), 'utf8').replace(/#.*$/gm, '');
    const locations = [...text.matchAll(/location\s[^{]*\{([^}]*)\}/g)].map((m) => m[1]!);

    it('sets the forwarded headers once, at server level, and no location overrides them', () => {
      // One proxy_set_header in a location drops every server-level one there (nginx inheritance).
      expect(locations.length).toBeGreaterThan(0);
      for (const body of locations) expect(body).not.toMatch(/proxy_set_header/);
      // The client's own X-Forwarded-For is replaced, not appended to: TRUST_PROXY=1 is exact.
      expect(text).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
      expect(text).not.toMatch(/\$proxy_add_x_forwarded_for/);
      expect(text).toMatch(/proxy_set_header Connection \$stockline_connection;/);
    });
  });

  describe('systemd unit (deploy/systemd/stockline.service)', () => {
    const text = readFileSync(join(DEPLOY, 'systemd/stockline.service'), 'utf8');
    const unit = unitOf(text);
    const key = (section: string, name: string) => unit.get(section)?.get(name) ?? [];

    it('has the sections and keys a single-box service needs', () => {
      expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
      expect(key('Unit', 'After')[0]).toContain('network-online.target');
      expect(key('Service', 'ExecStart')[0]).toMatch(/node .*apps\/server\/dist\/main\.js$/);
      expect(key('Service', 'User')).toEqual(['stockline']);
      expect(key('Service', 'Restart')).toEqual(['on-failure']);
      expect(key('Service', 'StateDirectory')).toEqual(['stockline']);
      expect(key('Service', 'EnvironmentFile')).toEqual(['/etc/stockline/stockline.env']);
      expect(key('Service', 'KillSignal')).toEqual(['SIGTERM']);
      expect(key('Service', 'NoNewPrivileges')).toEqual(['true']);
      expect(key('Service', 'ReadWritePaths')[0]).toContain('/var/lib/stockline');
      expect(key('Install', 'WantedBy')).toEqual(['multi-user.target']);
    });

    it('gives the drain time to finish before systemd kills, and its env file is valid configuration', () => {
      const envText = readFileSync(join(DEPLOY, 'systemd/stockline.env.example'), 'utf8');
      const env = Object.fromEntries(
        envText
          .split('\n')
          .filter((l) => /^[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      const config = loadConfig(env, '/');
      expect(config.dataDir).toBe('/var/lib/stockline');
      expect(config.backup).toMatchObject({ dir: '/var/backups/stockline', keep: 28 });
      expect(Number(key('Service', 'TimeoutStopSec')[0]) * 1000).toBeGreaterThan(config.shutdownTimeoutMs + 1000);
    });

    // systemd-analyze ships with systemd, which a container or a minimal CI image may lack; the
    // unit's keys are still checked above, and the skip says why.
    const noAnalyzer = !existsSync('/usr/bin/systemd-analyze');
    if (noAnalyzer)
      console.warn(
        '[deploy files] systemd-analyze verify skipped: /usr/bin/systemd-analyze is not installed (Debian package systemd)',
      );
    it.skipIf(noAnalyzer)('passes systemd-analyze verify', () => {
      // Prints problems on stderr; unknown keys or sections would show up here.
      const run = spawnSync('/usr/bin/systemd-analyze', ['verify', join(DEPLOY, 'systemd/stockline.service')], {
        encoding: 'utf8',
      });
      expect(run.stderr + run.stdout).toBe('');
      expect(run.status).toBe(0);
    });
  });

  describe('every launcher starts the bundle with the V8 flags production is tuned for', () => {
    const launchers: [string, string][] = [
      ['package.json', JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start],
      [
        'apps/server/package.json',
        JSON.parse(readFileSync(join(ROOT, 'apps/server/package.json'), 'utf8')).scripts.start,
      ],
      [
        'deploy/systemd/stockline.service',
        readFileSync(join(DEPLOY, 'systemd/stockline.service'), 'utf8')
          .split('\n')
          .find((l) => l.startsWith('ExecStart=')) ?? '',
      ],
      [
        'deploy/mongodb/Dockerfile',
        readFileSync(join(DEPLOY, 'mongodb/Dockerfile'), 'utf8')
          .split('\n')
          .find((l) => l.startsWith('CMD ')) ?? '',
      ],
      [
        'deploy/postgres/compose.yaml',
        readFileSync(join(DEPLOY, 'postgres/compose.yaml'), 'utf8')
          .split('\n')
          .find((l) => l.includes('dist/main.js')) ?? '',
      ],
    ];
    it.each(launchers)('%s', (_file, line) => {
      expect(line).toMatch(/dist\/main\.js/);
      const beforeEntry = line.slice(0, line.indexOf('dist/main.js'));
      for (const flag of SERVER_NODE_FLAGS) expect(beforeEntry).toContain(flag);
    });
  });
});
