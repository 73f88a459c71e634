import { afterEach, describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { Warehouse } from '@stockline/protocol';
import { useWarehouseChoice } from './use-warehouse-choice';

const at = '2026-11-26T08:00:00.000Z';
const warehouse = (id: string, name: string): Warehouse => ({
  id,
  code: name.toUpperCase(),
  name,
  location: null,
  archived: false,
  updatedAt: at,
});
const main = warehouse('9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b', 'Main');
const back = warehouse('0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', 'Back');

afterEach(() => localStorage.clear());

describe('useWarehouseChoice', () => {
  it('comes back to the warehouse last chosen after a reload, even when the list arrives in parts', () => {
    const first = renderHook(({ list }) => useWarehouseChoice('u1', list), { initialProps: { list: [main, back] } });
    expect(first.result.current[0]).toBe(main.id);
    act(() => first.result.current[1](back.id));
    expect(first.result.current[0]).toBe(back.id);
    first.unmount();

    // The reload: the list is empty, then has only Main for a moment, then both.
    const reloaded = renderHook(({ list }) => useWarehouseChoice('u1', list), {
      initialProps: { list: [] as Warehouse[] },
    });
    expect(reloaded.result.current[0]).toBeNull();
    reloaded.rerender({ list: [main] });
    expect(reloaded.result.current[0]).toBe(main.id);
    reloaded.rerender({ list: [main, back] });
    expect(reloaded.result.current[0]).toBe(back.id);
  });

  it('is per user', () => {
    const a = renderHook(() => useWarehouseChoice('u1', [main, back]));
    act(() => a.result.current[1](back.id));
    expect(renderHook(() => useWarehouseChoice('u2', [main, back])).result.current[0]).toBe(main.id);
  });
});
