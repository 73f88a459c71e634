import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { Warehouse } from '@stockline/protocol';
import type { Availability } from '@stockline/replica';
import { ElsewhereTable } from './ElsewhereTable';

const at = '2026-11-26T08:00:00.000Z';
const wh = (id: string, name: string, archived = false): Warehouse => ({
  id,
  code: id.toUpperCase(),
  name,
  location: null,
  archived,
  updatedAt: at,
});
const row = (warehouseId: string, available: number): Availability => ({
  warehouseId,
  productId: 'p',
  serverQty: available,
  pendingDelta: 0,
  available,
  threshold: 0,
  version: 1,
  versionAfterPending: 1,
  pending: false,
  bins: [],
});

afterEach(cleanup);

describe('ElsewhereTable', () => {
  it('leaves archived warehouses off the product card', () => {
    const warehouses = new Map(
      [wh('main', 'Main store'), wh('back', 'Back store'), wh('old', 'Old depot', true)].map((w) => [w.id, w]),
    );
    render(
      <ElsewhereTable
        availability={[row('main', 3), row('back', 5), row('old', 0)]}
        warehouseId="main"
        warehouses={warehouses}
        visible={() => true}
      />,
    );
    expect(screen.getByText('Back store')).toBeTruthy();
    expect(screen.queryByText('Old depot')).toBeNull();
  });

  it('shows the product’s unit after each quantity, and the bare number without one', () => {
    const warehouses = new Map(
      [wh('main', 'Main store'), wh('back', 'Back store'), wh('side', 'Side store')].map((w) => [w.id, w]),
    );
    const availability = [row('main', 3), row('back', 5), row('side', 1)];
    render(
      <ElsewhereTable
        availability={availability}
        warehouseId="main"
        warehouses={warehouses}
        visible={() => true}
        unit="pairs"
      />,
    );
    expect(screen.getByRole('row', { name: /Back store/ }).textContent).toContain('5 pairs');
    expect(screen.getByRole('row', { name: /Side store/ }).textContent).toContain('1 pair');
    cleanup();
    render(
      <ElsewhereTable availability={availability} warehouseId="main" warehouses={warehouses} visible={() => true} />,
    );
    expect(screen.getByRole('row', { name: /Back store/ }).querySelector('td')?.textContent).toBe('5');
  });
});
