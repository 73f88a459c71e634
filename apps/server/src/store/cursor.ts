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
