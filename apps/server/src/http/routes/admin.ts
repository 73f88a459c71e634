import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import type { Logger } from 'pino';
import type { BackupService } from '../../services/backups';
import { requireRole, userOf } from '../auth';

/**
 * POST /admin/backup (admin): a checked online backup of the store, streamed as a download.
 * The server keeps applying movements while the copy is taken.
 */
export function adminRoutes(backups: BackupService, logger: Logger): Router {
  const router = strictRouter();
  router.post('/backup', requireRole('admin'), async (_req, res) => {
    const { report, name, discard } = await backups.toTemporaryFile(new Date());
    logger.info(
      { by: userOf(res).username, bytes: report.bytes, epoch: report.epoch },
      'backup downloaded from the admin screen',
    );
    res.on('close', discard);
    res.download(report.file, name, {
      headers: { 'content-type': 'application/vnd.sqlite3', 'cache-control': 'no-store' },
    });
  });
  return router;
}
