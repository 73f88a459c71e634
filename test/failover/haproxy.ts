import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { HAPROXY } from './ha-missing';
import { LoggedProcess, ownedTempDir, runAs, waitFor } from './owned-process';
import type { PatroniNode } from './patroni-node';
import { freePort } from '../support/ports';

const SHIPPED = resolve(import.meta.dirname, '../../deploy/patroni/haproxy.cfg');

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/**
 * haproxy in the foreground with the shipped deploy/patroni/haproxy.cfg, its addresses given
 * through the environment the file reads them from. Not under root, the file's `user`/`group`
 * lines are left out (only root may switch user).
 */
export class Haproxy {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: LoggedProcess,
  ) {}

  static async start(nodes: [PatroniNode, PatroniNode]): Promise<Haproxy> {
    const dir = ownedTempDir('stockline-haproxy-');
    const port = await freePort();
    const shipped = readFileSync(SHIPPED, 'utf8');
    const config = runAs ? shipped : shipped.replace(/^\s*(user|group) .*$/gm, '');
    writeFileSync(join(dir, 'haproxy.cfg'), config);
    const [one, two] = nodes;
    const process = new LoggedProcess(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], {
      cwd: dir,
      asOwner: false,
      env: {
        STOCKLINE_DB_LISTEN: `127.0.0.1:${port}`,
        DB1_POSTGRES: `127.0.0.1:${one.postgresPort}`,
        DB1_PATRONI_PORT: new URL(one.apiUrl).port,
        DB2_POSTGRES: `127.0.0.1:${two.postgresPort}`,
        DB2_PATRONI_PORT: new URL(two.apiUrl).port,
      },
    });
    const haproxy = new Haproxy(port, dir, process);
    try {
      await waitFor(
        'haproxy listening',
        async () => !process.exited && (await accepts(port)),
        15_000,
        () => process.log,
      );
    } catch (error) {
      await haproxy.stop();
      throw error;
    }
    return haproxy;
  }

  get log(): string {
    return `--- haproxy\n${this.process.log}`;
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
