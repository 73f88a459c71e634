import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { FakeOfficeServer } from '../test/fake-office-server';
import { renderOffice } from '../test/render-office';
import { BackupScreen } from './BackupScreen';

const saved: { name: string; bytes: number }[] = [];

beforeEach(() => {
  saved.length = 0;
  // jsdom has no object URLs; record what the screen hands the browser instead.
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, bytes: blobs.get(this.href)?.size ?? -1 });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('BackupScreen', () => {
  it('asks the server for a backup and saves it under the name the server gives', async () => {
    const server = new FakeOfficeServer().on(
      'POST /admin/backup',
      () =>
        new Response(new Uint8Array(4096), {
          headers: { 'content-disposition': 'attachment; filename="stockline-2026-11-27T1900.db"' },
        }),
    );
    renderOffice(server, <BackupScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Download a backup now' }));
    expect((await screen.findByRole('status')).textContent).toContain('Saved stockline-2026-11-27T1900.db');
    expect(saved).toEqual([{ name: 'stockline-2026-11-27T1900.db', bytes: 4096 }]);
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /admin/backup']);
  });

  it('says what to do when the server keeps its data in a shared database', async () => {
    const server = new FakeOfficeServer().on('POST /admin/backup', () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'online backups are for the embedded store' } },
    }));
    renderOffice(server, <BackupScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Download a backup now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('back it up with that database’s own tools');
    expect(saved).toEqual([]);
  });
});
