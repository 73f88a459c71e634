import type { RecordedMovement } from '@stockline/protocol';
import type { LedgerRequest } from '../core/port';
import type { MovementRow } from '../core/rows';
import { sqlite as d } from '../sql/dialect';
import { ledgerPage, ledgerSlice, listMovements as listInOne } from '../sql/ledger';
import type { Statements } from './statements';

/**
 * The movement ledger, newest first (sql/ledger.ts). A transfer belongs to both its warehouses,
 * so a warehouse filter or scope matches either leg. Rejected movements are listed too.
 *
 * "Either leg" is an OR over two columns, which SQLite can only answer by collecting every
 * match and sorting it. So when warehouses are named (a filter, or a caller's scope) each one is
 * read as two index-ordered slices (as source, as destination) of at most a page each, and the
 * slices are merged here: a page costs O(warehouses x page), not O(ledger).
 */
export function listMovements(
  sql: Statements,
  request: LedgerRequest,
): { items: RecordedMovement[]; nextCursor: string | null } {
  const targets =
    request.warehouseId !== undefined ? [request.warehouseId] : request.scope.all ? null : request.scope.warehouseIds;
  if (!targets) return sql.perform(listInOne(d, request));
  const bySeq = new Map<number, MovementRow>();
  for (const column of ['warehouse_id', 'to_warehouse_id']) {
    for (const target of new Set(targets)) {
      const { text, params } = ledgerSlice(d, request, (p) => [`${column} = ${p.add(target)}`]);
      for (const row of sql.all<MovementRow>(text, params)) bySeq.set(row.seq, row);
    }
  }
  const rows = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, request.limit + 1);
  return ledgerPage(rows, request.limit);
}
