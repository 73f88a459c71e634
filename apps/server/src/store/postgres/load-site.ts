import type { SiteImage } from '../site-image';
import { postgres as d } from '../sql/dialect';
import { insertSite } from '../sql/site-tables';
import { perform, type WriteTx } from './db';
import { fillSearchText } from './search-text';

/** Runs inside one write transaction (Database.write): any throw rolls every row back. */
export async function loadSite(tx: WriteTx, site: SiteImage): Promise<void> {
  await perform(
    tx,
    insertSite(d, site, () => tx.nextSeq()),
  );
  await fillSearchText(tx);
}
