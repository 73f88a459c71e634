import type { ReplicationPushHandler, WithDeleted } from 'rxdb';
import { Alert } from '@stockline/protocol';
import { toAlertDoc, type AlertDoc } from '../database/documents';
import { RequestFailed, type HttpClient } from '../http';
import type { SyncGate } from './retry';

/** Only acknowledgements made on this device travel; the rest of an alert belongs to the server. */
export function alertPushModifier(doc: WithDeleted<AlertDoc>): WithDeleted<AlertDoc> | null {
  return doc._deleted || doc.status !== 'acknowledged' ? null : doc;
}

/**
 * Pushes acknowledgements recorded on the device (possibly offline) and answers RxDB with the
 * server's alert, which replaces the local guess. An alert the server no longer knows (404)
 * goes back to what the device last pulled.
 */
export function alertsPushHandler(http: HttpClient, gate: SyncGate): ReplicationPushHandler<AlertDoc> {
  return async (rows) => {
    const answers: WithDeleted<AlertDoc>[] = [];
    for (const row of rows) {
      const wanted = row.newDocumentState;
      if (wanted.status !== 'acknowledged' || row.assumedMasterState?.status === 'acknowledged') continue;
      const server = await gate.run('upload', async () => {
        try {
          return await http.send(Alert, 'POST', `/alerts/${encodeURIComponent(wanted.id)}/ack`);
        } catch (error) {
          if (error instanceof RequestFailed && error.status === 404) return null;
          throw error;
        }
      });
      if (server) answers.push({ ...toAlertDoc(server), _deleted: false });
      else if (row.assumedMasterState) answers.push(row.assumedMasterState);
    }
    return answers;
  };
}
