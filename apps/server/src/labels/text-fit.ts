import type { PDFFont } from 'pdf-lib';

/**
 * Text for the PDF's built-in Helvetica, which encodes WinAnsi only (Latin-1 and a few more:
 * German umlauts and ß, French and Nordic letters, €, …). A character outside it would make
 * pdf-lib throw, so it is replaced: by its letter without accents ("ő" → "o"), by the plain
 * letter for the few that do not decompose ("ł" → "l"), else by "?". A label never fails over
 * a name.
 */
export function printable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text.replace(/[\s]+/gu, ' ')) {
    if (encodable(font, ch)) out += ch;
    else {
      const bare = PLAIN[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += bare && [...bare].every((c) => encodable(font, c)) ? bare : '?';
    }
  }
  return out.trim();
}

/** Latin letters with a stroke or bar have no decomposition; dashes and minus read as "-". */
const PLAIN: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŧ: 'T',
  ŧ: 't',
  Ŀ: 'L',
  ŀ: 'l',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
};

const known = new WeakMap<PDFFont, Map<string, boolean>>();

function encodable(font: PDFFont, ch: string): boolean {
  let cache = known.get(font);
  if (!cache) known.set(font, (cache = new Map<string, boolean>()));
  let ok = cache.get(ch);
  if (ok === undefined) {
    try {
      font.encodeText(ch);
      ok = true;
    } catch {
      ok = false;
    }
    cache.set(ch, ok);
  }
  return ok;
}

const ELLIPSIS = '…';

/** The longest start of `text` that fits `width`, with an ellipsis when something was cut. */
export function ellipsised(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.widthOfTextAtSize(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Word-wraps `text` into at most `maxLines` lines of `width`; a word longer than a line is
 * broken inside, and the last line ends in an ellipsis when the text goes on.
 */
export function wrapped(font: PDFFont, text: string, size: number, width: number, maxLines: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  const words = text.split(' ').filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    if (lines.length === maxLines) return finish(lines, words.slice(i).join(' '));
    // A word wider than a whole line: cut it where it stops fitting.
    let rest = word;
    while (!fits(rest)) {
      const chars = [...rest];
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(''))) n--;
      lines.push(chars.slice(0, n).join(''));
      rest = chars.slice(n).join('');
      if (lines.length === maxLines) return finish(lines, [rest, ...words.slice(i + 1)].join(' '));
    }
    line = rest;
  }
  if (line) {
    if (lines.length === maxLines) return finish(lines, line);
    lines.push(line);
  }
  return lines;

  /** The lines are full and `more` did not fit: the last line says so. */
  function finish(full: string[], more: string): string[] {
    const last = full.length - 1;
    full[last] = ellipsised(font, `${full[last]!} ${more}`, size, width);
    return full;
  }
}
