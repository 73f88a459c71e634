import { useState } from 'react';
import { useOffice } from '../office-context';
import { OfficeError } from '../office-http';

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'saved'; name: string; at: Date } | { kind: 'failed'; message: string };

/**
 * Admins take a backup of the server's store from here: the server copies its database while it
 * keeps applying movements, checks the copy, and the browser saves it. The same copy as
 * `npm run backup` on the server machine.
 */
export function BackupScreen() {
  const { api } = useOffice();
  const [state, setState] = useState<State>({ kind: 'idle' });
  async function take() {
    setState({ kind: 'working' });
    try {
      const name = await api.downloadBackup();
      setState({ kind: 'saved', name, at: new Date() });
    } catch (error) {
      const message =
        error instanceof OfficeError && error.status === 409
          ? 'This server keeps its data in a shared database (PostgreSQL or MongoDB): back it up with that database’s own tools.'
          : error instanceof Error
            ? error.message
            : String(error);
      setState({ kind: 'failed', message });
    }
  }
  return (
    <section className="screen" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backup</h2>
      <p>
        A consistent copy of everything the server holds (catalogue, users, stock, the whole ledger), taken while scanning goes
        on and checked before it is saved. Keep copies off this computer. To restore one, the server&apos;s operator runs{' '}
        <code>npm run restore</code>; devices then send again whatever the copy is missing.
      </p>
      <button type="button" className="btn btn-primary" onClick={take} disabled={state.kind === 'working'}>
        {state.kind === 'working' ? 'Taking a backup…' : 'Download a backup now'}
      </button>
      {state.kind === 'saved' && (
        <p className="message message-ok" role="status">
          Saved {state.name} at {state.at.toLocaleTimeString(undefined, { timeStyle: 'short' })}.
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
