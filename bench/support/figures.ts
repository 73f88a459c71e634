/** One measured figure beside the baseline taken in the same run. */
export interface Figure {
  module: string;
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number } | null;
  /** value / baseline.value, when there is a baseline. */
  ratio: number | null;
  /** What the issue asks for, in words (e.g. ">= 0.8x bare Express"). */
  target: string | null;
  /** Whether the target was met, when the figure has one. */
  met: boolean | null;
  note?: string | undefined;
}

export interface Reporter {
  figure(f: Omit<Figure, 'module' | 'ratio'> & { ratio?: number | null }): void;
  log(line: string): void;
}

export function reporter(module: string, into: Figure[]): Reporter {
  return {
    figure(f) {
      const ratio = f.ratio !== undefined ? f.ratio : f.baseline ? f.value / f.baseline.value : null;
      const full: Figure = { module, ...f, ratio };
      into.push(full);
      const base = f.baseline ? `  | baseline ${f.baseline.name}: ${fmt(f.baseline.value)}` : '';
      const r = ratio !== null ? `  | ratio ${ratio.toFixed(2)}` : '';
      const t = f.target ? `  | target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
      console.log(`  ${f.name}: ${fmt(f.value)} ${f.unit}${base}${r}${t}${f.note ? `  (${f.note})` : ''}`);
    },
    log: (line) => console.log(`  ${line}`),
  };
}

export function fmt(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
