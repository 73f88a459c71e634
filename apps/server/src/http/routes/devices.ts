import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import type { DeviceService } from '../../services/devices';
import { requireRole } from '../auth';

/** The manager's desk: every device's last contact and queued count, as the server knows them. */
export function deviceRoutes(devices: DeviceService): Router {
  const router = strictRouter();
  router.get('/', requireRole('manager'), async (_req, res) => {
    res.json({ items: await devices.list() });
  });
  return router;
}
