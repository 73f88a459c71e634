import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { LedgerQuery, PROTOCOL_HEADER, PushMovementsRequest, type PushMovementsResponse } from '@stockline/protocol';
import type { InventoryService } from '../../services/inventory';
import { userOf } from '../auth';
import { sendCsv, wantsCsv } from '../csv-response';
import { LEDGER_CSV_COLUMNS, ledgerCsvRow } from '../ledger-csv';
import { deviceProtocol } from '../protocol-version';
import { parse } from '../validate';

export function movementRoutes(inventory: InventoryService): Router {
  const router = strictRouter();
  // A structurally bad batch is a 400 and applies nothing; business refusals are per-movement verdicts.
  router.post('/', async (req, res) => {
    const { movements } = parse(PushMovementsRequest, req.body, 'movements');
    // The protocol check ran before this route, so the version here is one this server serves.
    const answer = await inventory.push(userOf(res), movements, deviceProtocol(req.headers[PROTOCOL_HEADER]) ?? 1);
    const body: PushMovementsResponse = {
      results: answer.verdicts,
      ...(answer.parked.length > 0 ? { parked: answer.parked } : {}),
    };
    res.json(body);
  });
  router.get('/', async (req, res) => {
    const query = parse(LedgerQuery, req.query, 'ledger query');
    if (!wantsCsv(req.headers.accept)) {
      res.json(await inventory.ledger(userOf(res), query));
      return;
    }
    // Validate scope before the first byte goes out, so a refusal is still a proper 403.
    const lines = inventory.ledgerLines(userOf(res), query);
    const first = await lines.next();
    const labels = await inventory.ledgerLabels();
    await sendCsv(
      res,
      'ledger.csv',
      LEDGER_CSV_COLUMNS,
      (async function* () {
        if (first.done) return;
        yield await ledgerCsvRow(first.value, labels);
        for await (const m of lines) yield await ledgerCsvRow(m, labels);
      })(),
    );
  });
  return router;
}
