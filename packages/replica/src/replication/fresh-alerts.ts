import type { Alert } from '@stockline/protocol';
import type { FirstPassFilter, ReplicaCheckpoint } from './pull';

/**
 * A fresh device's first pass over the alerts leaves out the resolved ones: the device shows open
 * alerts only (the history screen asks the server), and a store can hold many resolved alerts
 * (a stock import's, say), each a write on a device that never needs it.
 *
 * Safe because the pass starts on an empty collection and a pass sees each alert at its latest
 * change: a resolved alert not seen earlier in the pass is not on the device. One seen earlier
 * (pulled open, resolved while the pass went on) is kept, so the device learns it is resolved.
 * A device with alerts, or with a checkpoint, or a pass that starts over (a restore), pulls
 * everything as before; so does the next pass after this one reached the server's end.
 */
export function resolvedAlertsLeftOut(isEmpty: () => Promise<boolean>): FirstPassFilter<Alert> {
  let state: 'undecided' | 'fresh' | 'done' = 'undecided';
  const seen = new Set<string>();
  return {
    async start(checkpoint: ReplicaCheckpoint | undefined) {
      if (state !== 'undecided') return;
      state = !checkpoint && (await isEmpty()) ? 'fresh' : 'done';
    },
    keep(alert) {
      if (state !== 'fresh') return true;
      if (alert.status === 'resolved' && !seen.has(alert.id)) return false;
      seen.add(alert.id);
      return true;
    },
    end() {
      state = 'done';
      seen.clear();
    },
  };
}
