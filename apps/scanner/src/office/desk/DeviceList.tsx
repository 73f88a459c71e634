import { useTranslation } from 'react-i18next';
import { formatAgo } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useOffice } from '../office-context';
import { LoadState, TableScroll } from '../ui';
import { useLoader } from '../use-loader';

/** Each device as the server last heard from it: who used it, when, and how many movements it still holds. */
export function DeviceList() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const now = useNow();
  const devices = useLoader((signal) => api.devices(signal), [api]);
  return (
    <>
      <div className="screen-head">
        <h3>{t('office.desk.devices')}</h3>
        <button type="button" className="btn btn-small btn-secondary" onClick={devices.reload}>
          {t('office.refresh')}
        </button>
      </div>
      <LoadState loaded={devices} reload={devices.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('office.desk.noDevices')}</p>
          ) : (
            <TableScroll label={t('office.desk.devices')}>
              <table className="office-table" aria-label={t('office.desk.devices')}>
                <thead>
                  <tr>
                    <th scope="col">{t('office.desk.device')}</th>
                    <th scope="col">{t('office.desk.lastUser')}</th>
                    <th scope="col">{t('office.desk.lastContact')}</th>
                    <th scope="col" className="num">
                      {t('office.desk.queued')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...items]
                    .sort((a, b) => b.lastContactAt.localeCompare(a.lastContactAt))
                    .map((d) => (
                      <tr key={d.deviceId} data-testid="device-row">
                        <td className="mono small">{d.deviceId}</td>
                        <td>{d.username ?? t('office.unknown')}</td>
                        <td>{formatAgo(d.lastContactAt, now)}</td>
                        <td className="num">
                          {d.queued === null ? '—' : d.queued}
                          {d.queuedAt && d.queued !== null ? (
                            <span className="muted small">
                              {' '}
                              {t('office.desk.asOf', { ago: formatAgo(d.queuedAt, now) })}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </LoadState>
    </>
  );
}
