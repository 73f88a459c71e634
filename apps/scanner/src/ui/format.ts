/**
 * Numbers and times in the browser's locale (12.458 in de-DE, 12,458 in en-US). One formatter
 * each, built once: Intl formatters are costly to create and these run on every render.
 */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const signed = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatQty(n: number): string {
  return integer.format(n);
}

/** "+3", "−12" (a real minus sign, as Intl writes it), "0". */
export function formatDelta(n: number): string {
  return signed.format(n).replace('-', '−');
}

export function formatTime(iso: string | number | Date): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : time.format(d);
}

/** A time today, or date and time for anything older. */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(now).toDateString() === d.toDateString() ? time.format(d) : dateTime.format(d);
}
