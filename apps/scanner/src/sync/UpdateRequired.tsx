import type { ReplicaStatus } from '@stockline/replica';

/**
 * The server cannot serve this app's protocol version: syncing has stopped. Nothing recorded on
 * the device is dropped; scanning goes on, and the queue is sent once the app is updated. A
 * reload fetches the server's current app when it is served from there.
 */
export function UpdateRequired({ status }: { status: ReplicaStatus }) {
  if (!status.updateRequired) return null;
  const queued = status.pending === 0 ? 'Nothing is waiting to be sent.' : `${status.pending} movement${status.pending === 1 ? ' is' : 's are'} kept on this device and will be sent after the update.`;
  return (
    <div className="update-banner update-required" role="alert">
      <span>
        <strong>Update required.</strong> This version of Stockline can no longer sync with the server. {queued}
      </span>
      <button type="button" className="btn btn-small btn-primary" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}
