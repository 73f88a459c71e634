import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { UPDATE_READY_EVENT } from './app-update';
import { UpdateBanner } from './UpdateBanner';

afterEach(cleanup);

describe('UpdateBanner', () => {
  it('stays hidden until a new version is installed, then offers a reload', () => {
    render(<UpdateBanner />);
    expect(screen.queryByRole('button', { name: 'Reload now' })).toBeNull();
    act(() => void window.dispatchEvent(new Event(UPDATE_READY_EVENT)));
    expect(screen.getByRole('status').textContent).toContain('A new version of Stockline is ready.');
    expect(screen.getByRole('button', { name: 'Reload now' })).toBeTruthy();
  });
});
