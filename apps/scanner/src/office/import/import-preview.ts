import type { ImportResult } from '@stockline/protocol';

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** Whether the previewed file may be imported: a file with bad lines only when they are skipped. */
export function canConfirm(preview: ImportResult, skipInvalid: boolean): boolean {
  const changes = preview.created + preview.updated;
  if (preview.errors.length > 0 && !skipInvalid) return false;
  return changes > 0;
}

/** The confirm button says exactly what will happen. */
export function confirmLabel(preview: ImportResult, skipInvalid: boolean): string {
  const parts = [preview.created > 0 && `create ${n(preview.created, 'product')}`, preview.updated > 0 && `update ${n(preview.updated, 'product')}`].filter(Boolean);
  if (parts.length === 0) return 'Nothing to import';
  const skip = preview.errors.length > 0 && skipInvalid ? `, skip ${n(preview.errors.length, 'bad line')}` : '';
  return `Import: ${parts.join(', ')}${skip}`;
}

/** What the preview says above the counts. */
export function previewVerdict(preview: ImportResult): { tone: 'ok' | 'warn' | 'error'; text: string } {
  if (preview.errors.length === 0) {
    if (preview.created + preview.updated === 0) return { tone: 'ok', text: 'Everything in this file is already in Stockline: nothing to change.' };
    return { tone: 'ok', text: 'The file reads cleanly. Check the counts, then import.' };
  }
  return {
    tone: 'error',
    text: `${n(preview.errors.length, 'line has', 'lines have')} errors. As it is, the file imports nothing: fix the lines and upload it again, or tick “skip the bad lines” to import the rest.`,
  };
}

/** The stock variant names rows, not products. */
export function forStock(label: string): string {
  return label.replace(/products?/g, (w) => (w === 'product' ? 'row' : 'rows'));
}

/** A result after a real import, in one sentence. */
export function importedText(result: ImportResult): string {
  if (!result.applied) return 'Nothing was imported: the file has errors. Fix them, or tick “skip the bad lines”.';
  const skipped = result.errors.length > 0 ? `; ${n(result.errors.length, 'bad line')} skipped` : '';
  return `Imported: ${result.created.toLocaleString('en')} created, ${result.updated.toLocaleString('en')} updated, ${result.unchanged.toLocaleString('en')} unchanged${skipped}.`;
}
