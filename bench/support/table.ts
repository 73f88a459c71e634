import { fmt, type Figure } from './figures';

/** The README's Performance table, from one run's figures. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const baseline = f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)}` : '—';
    const ratio = f.ratio !== null ? f.ratio.toFixed(2) : '—';
    const target = f.target ? `${f.target}: **${f.met ? 'met' : 'missed'}**` : '—';
    return `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${target} |`;
  });
  return ['| figure | value | baseline (same run) | ratio | target |', '|---|---|---|---|---|', ...rows].join('\n');
}
