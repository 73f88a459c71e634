import type { RecordedMovement } from '@stockline/protocol';
import { encodeCursor } from '../core/cursor';
import { pageOf } from '../core/page';
import type { LedgerRequest } from '../core/port';
import { toMovement, type MovementRow } from '../core/rows';
import { Params, sqlite as d } from '../sql/dialect';
import { LEDGER_COLUMNS, ledgerFilters } from '../sql/ledger';
import type { Statements } from './statements';

/**
 * The movement ledger, newest first. A transfer belongs to both its warehouses, so a warehouse
 * filter or scope matches either leg. Rejected movements are listed too, with their verdict.
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
  let rows: MovementRow[];
  if (!targets) {
    const p = new Params(d);
    const where = ledgerFilters(p, request);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    rows = sql.all<MovementRow>(
      `SELECT ${LEDGER_COLUMNS} FROM movements ${filter} ORDER BY seq DESC LIMIT ${p.add(request.limit + 1)}`,
      p.values,
    );
  } else {
    const bySeq = new Map<number, MovementRow>();
    for (const column of ['warehouse_id', 'to_warehouse_id']) {
      for (const target of new Set(targets)) {
        const p = new Params(d);
        const where = [`${column} = ${p.add(target)}`, ...ledgerFilters(p, request)];
        const text = `SELECT ${LEDGER_COLUMNS} FROM movements WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${p.add(request.limit + 1)}`;
        for (const row of sql.all<MovementRow>(text, p.values)) bySeq.set(row.seq, row);
      }
    }
    rows = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, request.limit + 1);
  }
  return pageOf(rows, request.limit, toMovement, (last) => encodeCursor(last.seq));
}
