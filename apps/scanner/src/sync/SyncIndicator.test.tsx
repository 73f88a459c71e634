import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReplicaStatus } from '@stockline/replica';
import { SyncIndicator } from './SyncIndicator';
import { UpdateRequired } from './UpdateRequired';

const base: ReplicaStatus = {
  online: true,
  pending: 0,
  rejected: 0,
  lastSyncedAt: '2026-11-26T10:00:00.000Z',
  uploadError: null,
  downloadError: null,
  auth: 'ok',
  initialSyncDone: true,
  initialSyncProgress: 1,
  updateRequired: false,
  serverRestarting: false,
};
const now = Date.parse('2026-11-26T10:05:00.000Z');

afterEach(cleanup);

describe('SyncIndicator', () => {
  it('leaves the raw 426 out when the update banner explains it', () => {
    const tooOld = {
      code: 'upgrade_required',
      message: 'GET /sync/stock: 426 update the app',
    } as unknown as ReplicaStatus['downloadError'];
    render(
      <SyncIndicator status={{ ...base, online: false, downloadError: tooOld, updateRequired: true }} now={now} />,
    );
    expect(screen.getByTestId('sync-indicator').textContent).not.toContain('426');
    cleanup();
    render(
      <SyncIndicator status={{ ...base, online: false, downloadError: tooOld, updateRequired: false }} now={now} />,
    );
    expect(screen.getByTestId('sync-indicator').textContent).toContain('426');
  });

  it('says online, nothing pending and when it last synced', () => {
    render(<SyncIndicator status={base} now={now} />);
    const el = screen.getByTestId('sync-indicator');
    expect(el.textContent).toContain('Online');
    expect(el.textContent).toContain('All sent');
    expect(el.textContent).toMatch(/last synced \d{1,2}:\d\d/);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('says offline in words and counts pending and rejected movements', () => {
    render(<SyncIndicator status={{ ...base, online: false, pending: 3, rejected: 1 }} now={now} />);
    const el = screen.getByTestId('sync-indicator');
    expect(el.textContent).toContain('Offline');
    expect(el.textContent).toContain('3 waiting');
    expect(el.textContent).toContain('1 refused');
    expect(el.className).toContain('sync-offline');
  });

  it('shows a progress bar during the first sync', () => {
    render(
      <SyncIndicator
        status={{ ...base, initialSyncDone: false, initialSyncProgress: 0.42, lastSyncedAt: null }}
        now={now}
      />,
    );
    const bar = screen.getByRole<HTMLProgressElement>('progressbar');
    expect(bar.value).toBeCloseTo(0.42);
    expect(screen.getByTestId('sync-indicator').textContent).toContain('First sync 42%');
    expect(screen.getByTestId('sync-indicator').textContent).toContain('never synced');
  });

  it('tells the truth after an offline reload: last synced time from memory, no first-sync bar', () => {
    const reloaded = {
      ...base,
      online: false,
      pending: 3,
      lastSyncedAt: null,
      initialSyncDone: false,
      initialSyncProgress: 0,
    };
    render(
      <SyncIndicator
        status={reloaded}
        now={now}
        memory={{ lastSyncedAt: '2026-11-26T10:00:00.000Z', everSynced: true }}
      />,
    );
    const text = screen.getByTestId('sync-indicator').textContent ?? '';
    expect(text).toMatch(/Offline · last synced \d{1,2}:\d\d[^·]* · 3 waiting/);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});

describe('UpdateRequired', () => {
  it('is absent while the server serves this version', () => {
    render(<UpdateRequired status={base} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says an update is required and that the queued movements are kept', () => {
    render(<UpdateRequired status={{ ...base, online: false, updateRequired: true, pending: 4 }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Update required');
    expect(alert.textContent).toContain('4 movements are kept on this device');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});

it('says the server is restarting when a draining server closed the connection', () => {
  render(<SyncIndicator status={{ ...base, online: false, serverRestarting: true }} now={now} />);
  expect(screen.getByText('Offline: server restarting')).toBeTruthy();
});
