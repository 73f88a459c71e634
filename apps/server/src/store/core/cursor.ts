import { searchWordsOf } from '@stockline/domain';
import { InvalidCursorError } from './port';

/**
 * Ledger cursors are opaque to callers: the seq of the last movement of a page, wrapped so that
 * nobody builds one by hand and adapters stay free to change what is inside.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(`m:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^m:(\d{1,15})$/.exec(text);
  if (!match?.[1]) throw new InvalidCursorError();
  return Number(match[1]);
}

/**
 * Catalogue cursors: where the previous page stopped, either in name order (name, id) or in
 * change order (seq). Opaque to callers like the ledger's.
 */
export type ProductCursor = { kind: 'name'; name: string; id: string } | { kind: 'seq'; seq: number };

export function encodeProductCursor(cursor: ProductCursor): string {
  const text = cursor.kind === 'name' ? `n:${JSON.stringify([cursor.name, cursor.id])}` : `s:${cursor.seq}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function decodeProductCursor(cursor: string, expected: ProductCursor['kind']): ProductCursor {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (expected === 'seq') {
    const match = /^s:(\d{1,15})$/.exec(text);
    if (match?.[1]) return { kind: 'seq', seq: Number(match[1]) };
    throw new InvalidCursorError();
  }
  if (text.startsWith('n:')) {
    try {
      const value: unknown = JSON.parse(text.slice(2));
      if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
        return { kind: 'name', name: value[0], id: value[1] };
      }
    } catch {
      // falls through to the error
    }
  }
  throw new InvalidCursorError();
}

/** Shortest search word a trigram index can answer by itself. */
const INDEXED_WORD = 3;

/** A search's folded words: those a trigram index answers, and the shorter ones it cannot. */
export function splitSearchWords(q: string): { indexed: string[]; short: string[] } {
  const words = searchWordsOf(q);
  return {
    indexed: words.filter((w) => [...w].length >= INDEXED_WORD),
    short: words.filter((w) => [...w].length < INDEXED_WORD),
  };
}

/**
 * Which order a catalogue query pages in (see ProductSearch): change order when some word of
 * the search can be looked up in a trigram index, name order (a prefix) otherwise.
 */
export function productOrder(q: string | undefined): 'name' | 'seq' {
  return q !== undefined && splitSearchWords(q).indexed.length > 0 ? 'seq' : 'name';
}
