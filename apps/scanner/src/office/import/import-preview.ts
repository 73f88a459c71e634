import type { ImportResult } from '@stockline/protocol';
import { i18n } from '../../i18n/i18n';
import { formatQty } from '../../ui/format';

/** What the file's lines are: products, rows of opening stock, or a warehouse's locations (bins). */
export type ImportKind = 'products' | 'stock' | 'locations';

// `count` picks the plural form, `n` is the number as the language writes it (1,000 / 1.000).
const items = (kind: ImportKind, count: number) => i18n.t(`office.import.item.${kind}`, { count, n: formatQty(count) });
const badLines = (count: number) => i18n.t('office.import.badLines', { count, n: formatQty(count) });

/** Whether the previewed file may be imported: a file with bad lines only when they are skipped. */
export function canConfirm(preview: ImportResult, skipInvalid: boolean): boolean {
  const changes = preview.created + preview.updated;
  if (preview.errors.length > 0 && !skipInvalid) return false;
  return changes > 0;
}

/** The confirm button says exactly what will happen. */
export function confirmLabel(preview: ImportResult, skipInvalid: boolean, kind: ImportKind = 'products'): string {
  const parts = [
    preview.created > 0 && i18n.t('office.import.create', { items: items(kind, preview.created) }),
    preview.updated > 0 && i18n.t('office.import.update', { items: items(kind, preview.updated) }),
  ].filter(Boolean);
  if (parts.length === 0) return i18n.t('office.import.nothing');
  const skip =
    preview.errors.length > 0 && skipInvalid
      ? i18n.t('office.import.skip', { lines: badLines(preview.errors.length) })
      : '';
  return i18n.t('office.import.confirm', { parts: parts.join(', '), skip });
}

/** What the preview says above the counts. */
export function previewVerdict(preview: ImportResult): { tone: 'ok' | 'warn' | 'error'; text: string } {
  if (preview.errors.length === 0) {
    if (preview.created + preview.updated === 0) return { tone: 'ok', text: i18n.t('office.import.alreadyIn') };
    return { tone: 'ok', text: i18n.t('office.import.clean') };
  }
  return { tone: 'error', text: i18n.t('office.import.errors', { count: preview.errors.length }) };
}

/** A result after a real import, in one sentence. */
export function importedText(result: ImportResult): string {
  if (!result.applied) return i18n.t('office.import.notImported');
  const skipped =
    result.errors.length > 0 ? i18n.t('office.import.skipped', { lines: badLines(result.errors.length) }) : '';
  return i18n.t('office.import.imported', {
    created: formatQty(result.created),
    updated: formatQty(result.updated),
    unchanged: formatQty(result.unchanged),
    skipped,
  });
}
