import { useTranslation } from 'react-i18next';
import { useState, type ReactNode } from 'react';
import type { Loaded } from './use-loader';
import { messageOf } from '../online/error-text';

/** Loading and failure of a server read, with a way to try again; the content once there. */
export function LoadState<T>({
  loaded,
  reload,
  children,
}: {
  loaded: Loaded<T>;
  reload: () => void;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {loaded.state === 'error' && (
        <div className="message message-error" role="alert">
          {loaded.message}{' '}
          <button type="button" className="btn btn-small btn-secondary" onClick={reload}>
            {t('office.tryAgain')}
          </button>
        </div>
      )}
      {loaded.data !== null
        ? children(loaded.data)
        : loaded.state === 'loading' && (
            <p className="empty" role="status">
              {t('common.loading')}
            </p>
          )}
    </>
  );
}

export type ActionState =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

/** Runs one change against the server and keeps what to say about it. */
export function useAction(): [ActionState, (run: () => Promise<string | void>) => Promise<boolean>, () => void] {
  const [state, setState] = useState<ActionState>({ kind: 'idle' });
  const run = async (fn: () => Promise<string | void>) => {
    setState({ kind: 'busy' });
    try {
      const message = await fn();
      setState(message ? { kind: 'done', message } : { kind: 'idle' });
      return true;
    } catch (err) {
      setState({ kind: 'error', message: messageOf(err) });
      return false;
    }
  };
  return [state, run, () => setState({ kind: 'idle' })];
}

export function ActionMessage({ state }: { state: ActionState }) {
  if (state.kind === 'done')
    return (
      <p className="message message-ok" role="status">
        ✓ {state.message}
      </p>
    );
  if (state.kind === 'error')
    return (
      <p className="message message-error" role="alert">
        {state.message}
      </p>
    );
  return null;
}

/**
 * A wide table's own scroll box, reachable with Tab and named: a keyboard user can focus it and
 * scroll with the arrow keys, and a screen reader announces what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
