import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ETCD } from './ha-missing';
import { LoggedProcess, ownedTempDir, waitFor } from './owned-process';
import { freePort } from '../support/ports';

/** The shipped etcd settings (Debian's /etc/default/etcd), read as etcd reads them: ETCD_* variables. */
const ETCD_ENV = resolve(import.meta.dirname, '../../deploy/patroni/etcd.env');

function shippedSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of readFileSync(ETCD_ENV, 'utf8').split('\n')) {
    const match = /^(ETCD_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) settings[match[1]!] = match[2]!;
  }
  return settings;
}

/** One etcd member on two loopback ports, data in a temporary folder. */
export class Etcd {
  private constructor(
    readonly clientUrl: string,
    private readonly dir: string,
    private readonly process: LoggedProcess,
  ) {}

  static async start(): Promise<Etcd> {
    const dir = ownedTempDir('stockline-etcd-');
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const clientUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const settings = shippedSettings();
    const process = new LoggedProcess(ETCD, [], {
      cwd: dir,
      asOwner: true,
      env: {
        ...settings,
        ETCD_DATA_DIR: join(dir, 'data'),
        ETCD_LISTEN_CLIENT_URLS: clientUrl,
        ETCD_ADVERTISE_CLIENT_URLS: clientUrl,
        ETCD_LISTEN_PEER_URLS: peerUrl,
        ETCD_INITIAL_ADVERTISE_PEER_URLS: peerUrl,
        ETCD_INITIAL_CLUSTER: `${settings.ETCD_NAME}=${peerUrl}`,
        ETCD_LOG_LEVEL: 'warn',
      },
    });
    const etcd = new Etcd(clientUrl, dir, process);
    try {
      await waitFor(
        'etcd healthy',
        async () => (await fetch(`${clientUrl}/health`)).ok && !process.exited,
        20_000,
        () => process.log,
      );
    } catch (error) {
      await etcd.stop();
      throw error;
    }
    return etcd;
  }

  /** host:port, as Patroni's etcd3.hosts takes it. */
  get hostPort(): string {
    return this.clientUrl.replace('http://', '');
  }

  get log(): string {
    return this.process.log;
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
