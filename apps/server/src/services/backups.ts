import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBackupOf, type BackupReport, type Store } from '../store/core/port';
import { AppError } from './errors';

/** How each store that cannot copy itself is backed up instead. */
const OWN_TOOLS: Record<Store['kind'], string> = {
  sqlite: 'back up the SQLite file with npm run backup',
  postgres: 'back up PostgreSQL with pg_dump',
  mongodb: 'back up MongoDB with mongodump --oplog',
};

/** Scheduled backups are named so that sorting the names sorts them by time. */
const SCHEDULED = /^stockline-\d{8}T\d{6}Z\.db$/;

export function scheduledName(at: Date): string {
  return `stockline-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.db`;
}

/**
 * Backups of a store that can copy itself while serving (the embedded one). Each copy is checked
 * (integrity_check, stock == ledger) before it is kept; see store/sqlite/backup.ts.
 */
export class BackupService {
  private running: Promise<unknown> = Promise.resolve();

  /** `jwtSecret` travels inside every copy, so a restore keeps every device signed in. */
  constructor(
    private readonly store: Store,
    private readonly jwtSecret?: string,
  ) {}

  get available(): boolean {
    return fileBackupOf(this.store) !== null;
  }

  /** One backup at a time: a scheduled one and one from the admin screen never overlap. */
  private one<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.running.then(fn, fn);
    this.running = run.catch(() => undefined);
    return run;
  }

  private target() {
    const target = fileBackupOf(this.store);
    if (!target)
      throw new AppError(
        'conflict',
        `this store is not backed up by the server: ${OWN_TOOLS[this.store.kind]} (docs/operations.md)`,
      );
    return target;
  }

  /** A checked copy in a private temporary folder; the caller streams it and calls `discard`. */
  async toTemporaryFile(now: Date): Promise<{ report: BackupReport; name: string; discard: () => void }> {
    const target = this.target();
    const dir = mkdtempSync(join(tmpdir(), 'stockline-backup-'));
    const name = scheduledName(now);
    try {
      const report = await this.one(() => target.backupTo(join(dir, name), { jwtSecret: this.jwtSecret }));
      return { report, name, discard: () => rmSync(dir, { recursive: true, force: true }) };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A checked copy in `dir`; then only the newest `keep` scheduled copies are kept. */
  async scheduled(dir: string, keep: number, now: Date): Promise<{ report: BackupReport; removed: string[] }> {
    const target = this.target();
    mkdirSync(dir, { recursive: true });
    const report = await this.one(() => target.backupTo(join(dir, scheduledName(now)), { jwtSecret: this.jwtSecret }));
    const copies = readdirSync(dir)
      .filter((f) => SCHEDULED.test(f))
      .sort();
    const removed = copies.slice(0, Math.max(0, copies.length - keep));
    for (const f of removed) rmSync(join(dir, f), { force: true });
    return { report, removed };
  }
}

export interface BackupLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * BACKUP_DIR / BACKUP_EVERY / BACKUP_KEEP: a checked backup every interval while the server
 * runs. A failed one is logged loudly and tried again at the next interval. Returns stop().
 */
export function scheduleBackups(
  backups: BackupService,
  plan: { dir: string; everySeconds: number; keep: number },
  log: BackupLog,
): () => void {
  const tick = () => {
    backups.scheduled(plan.dir, plan.keep, new Date()).then(
      ({ report, removed }) =>
        log.info(
          { file: report.file, bytes: report.bytes, integrity: report.integrity, removed },
          'scheduled backup written and checked',
        ),
      (error: unknown) => log.error({ err: error, dir: plan.dir }, 'scheduled backup FAILED'),
    );
  };
  const timer = setInterval(tick, plan.everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
