import { formatAgo as ago } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useOffice } from '../office-context';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';

/** Each device as the server last heard from it: who used it, when, and how many movements it still holds. */
export function DeviceList() {
  const { api } = useOffice();
  const now = useNow();
  const devices = useLoader((signal) => api.devices(signal), [api]);
  return (
    <>
      <div className="screen-head">
        <h3>Devices</h3>
        <button type="button" className="btn btn-small btn-secondary" onClick={devices.reload}>
          Refresh
        </button>
      </div>
      <LoadState loaded={devices} reload={devices.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">No device has synced yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="office-table" aria-label="Devices">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Last user</th>
                    <th scope="col">Last contact</th>
                    <th scope="col" className="num">Queued</th>
                  </tr>
                </thead>
                <tbody>
                  {[...items].sort((a, b) => b.lastContactAt.localeCompare(a.lastContactAt)).map((d) => (
                    <tr key={d.deviceId} data-testid="device-row">
                      <td className="mono small">{d.deviceId}</td>
                      <td>{d.username ?? 'unknown'}</td>
                      <td>{ago(d.lastContactAt, now)}</td>
                      <td className="num">{d.queued === null ? '—' : d.queued}{d.queuedAt && d.queued !== null ? <span className="muted small"> as of {ago(d.queuedAt, now)}</span> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </>
  );
}
