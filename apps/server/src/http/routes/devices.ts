import type { Router } from 'express';
import { z } from 'zod';
import { OneLine, QueryInt } from '@stockline/protocol';
import { strictRouter } from '../strict-router';
import type { DeviceService } from '../../services/devices';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

/** The desk's device list, newest contact first, page by page (`{items, nextCursor}`). */
export const DeviceQuery = z.strictObject({
  cursor: OneLine(400).optional(),
  limit: QueryInt(1, 500).default(200),
});
export type DeviceQuery = z.infer<typeof DeviceQuery>;

/** The manager's desk: the last contact and queued count of the devices in the reader's scope, paged. */
export function deviceRoutes(devices: DeviceService): Router {
  const router = strictRouter();
  router.get('/', requireRole('manager'), async (req, res) => {
    res.json(await devices.list(userOf(res), parse(DeviceQuery, req.query, 'device query')));
  });
  return router;
}
