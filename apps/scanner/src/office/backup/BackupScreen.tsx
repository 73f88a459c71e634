import { Trans, useTranslation } from 'react-i18next';
import { formatTime } from '../../ui/format';
import { useState } from 'react';
import { useOffice } from '../office-context';
import { RequestFailed } from '@stockline/replica';
import { messageOf } from '../../online/error-text';

type State =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'saved'; name: string; at: Date }
  | { kind: 'failed'; message: string };

/**
 * Admins take a backup of the server's store from here: the server copies its database while it
 * keeps applying movements, checks the copy, and the browser saves it. The same copy as
 * `npm run backup` on the server machine.
 */
export function BackupScreen() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [state, setState] = useState<State>({ kind: 'idle' });
  async function take() {
    setState({ kind: 'working' });
    try {
      const name = await api.downloadBackup();
      setState({ kind: 'saved', name, at: new Date() });
    } catch (error) {
      const message =
        error instanceof RequestFailed && error.status === 409 ? t('office.backup.shared') : messageOf(error);
      setState({ kind: 'failed', message });
    }
  }
  return (
    <section className="screen" aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('office.heading.backup')}</h2>
      <p>
        <Trans i18nKey="office.backup.intro" components={{ code: <code /> }} />
      </p>
      <button type="button" className="btn btn-primary" onClick={() => void take()} disabled={state.kind === 'working'}>
        {state.kind === 'working' ? t('office.backup.working') : t('office.backup.take')}
      </button>
      {state.kind === 'saved' && (
        <p className="message message-ok" role="status">
          {t('office.backup.saved', { name: state.name, time: formatTime(state.at) })}
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="message message-error" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
