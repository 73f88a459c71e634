import { describe, expect, it } from 'vitest';
import type { Poke } from '@stockline/protocol';
import type { ChangeSet } from '../store/core/port';
import { pokeChanges } from './emit';
import { PokeCoalescer, type PokeTarget } from './pokes';
import { Rooms } from './rooms';

const W = '11111111-1111-4111-8111-111111111111';

describe('pokeChanges', () => {
  it('pokes a raised alert before the stock change that raised it', () => {
    const sent: Array<{ target: PokeTarget; poke: Poke }> = [];
    const pokes = new PokeCoalescer({ send: (target, poke) => sent.push({ target, poke }), audience: () => 10 });
    const changes = {
      products: [],
      warehouses: [],
      movements: [],
      stock: [{ warehouseId: W }],
      alerts: [{ warehouseId: W }],
      checkpoint: { seq: 7 },
    } as unknown as ChangeSet;
    pokeChanges(pokes, changes);
    expect(sent).toEqual([
      { target: [Rooms.alertsAll, Rooms.alerts(W)], poke: { collection: 'alerts', seq: 7 } },
      { target: [Rooms.streamAll, Rooms.stream(W)], poke: { collection: 'stock', seq: 7 } },
    ]);
  });
});
