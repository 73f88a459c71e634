import { currentLanguage, i18n } from '../i18n/i18n';

/**
 * Numbers and times in the interface's language (12.458 in German, 12,458 in English). Intl
 * formatters are costly to create and these run on every render, so each language's are built
 * once and kept.
 */
interface Formatters {
  integer: Intl.NumberFormat;
  signed: Intl.NumberFormat;
  time: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
}
const byLanguage = new Map<string, Formatters>();

function formatters(): Formatters {
  const language = currentLanguage();
  let f = byLanguage.get(language);
  if (!f) {
    f = {
      integer: new Intl.NumberFormat(language, { maximumFractionDigits: 0 }),
      signed: new Intl.NumberFormat(language, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }),
      time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }),
      date: new Intl.DateTimeFormat(language, { dateStyle: 'medium' }),
      dateTime: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
    };
    byLanguage.set(language, f);
  }
  return f;
}

export function formatQty(n: number): string {
  return formatters().integer.format(n);
}

/** "+3", "−12" (a real minus sign, as Intl writes it), "0". */
export function formatDelta(n: number): string {
  return formatters().signed.format(n).replace('-', '−');
}

export function formatTime(iso: string | number | Date): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatters().time.format(d);
}

export function formatDate(iso: string | number | Date): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatters().date.format(d);
}

export function formatDateTime(iso: string | number | Date): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatters().dateTime.format(d);
}

/** A time today, or date and time for anything older. */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(now).toDateString() === d.toDateString()
    ? formatters().time.format(d)
    : formatters().dateTime.format(d);
}

/** "just now", "5 min ago", "3 h ago", or a date: how long ago something happened. */
export function formatAgo(iso: string | null, now: number = Date.now()): string {
  if (!iso) return i18n.t('time.never');
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return i18n.t('time.unknown');
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 10) return i18n.t('time.justNow');
  if (s < 60) return i18n.t('time.secondsAgo', { count: s });
  const m = Math.round(s / 60);
  if (m < 60) return i18n.t('time.minutesAgo', { count: m });
  const h = Math.round(m / 60);
  if (h < 24) return i18n.t('time.hoursAgo', { count: h });
  return formatDate(t);
}
