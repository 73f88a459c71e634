/**
 * Where a first sync's time goes, read from what the page stamped: IndexedDB requests by kind, the
 * pulls of each collection, and the progress bar's longest stands placed among the pulls and the
 * writes of their time (bench/modules/first-sync.ts prints them).
 */
import type { Page } from 'playwright-core';

/** IndexedDB requests by kind (get, put, transaction...) and database name, counted in the page. */
export type IdbCounts = Record<string, Record<string, number>>;

/**
 * `kind store` -> count, a store named by the end of Dexie's database name: the collection, or
 * `rx-replication-meta` for RxDB's replication state (one database per replication, summed).
 */
export function shortNames(counts: IdbCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, byDb] of Object.entries(counts)) {
    for (const [db, n] of Object.entries(byDb)) {
      const key = `${kind} ${(db.split('--').pop() ?? db).replace(/^(rx-replication-meta)-.*/, '$1')}`;
      out[key] = (out[key] ?? 0) + n;
    }
  }
  return out;
}

/** When the first sync's pulls were sent and answered, in seconds from the sign-in click. */
export interface PullSpan {
  firstPullAt: number;
  lastAnswerAt: number;
  pulls: number;
}

/** One collection's pulls in the page's clock (ms): the first sent and answered, the last answered. */
export type PullWindows = Record<string, { from: number; firstAnswer: number; to: number; pulls: number }>;

/** Where the progress bar stood still: its longest stands, each placed among the pulls. */
export interface Still {
  /** Seconds from the bar's first value. */
  at: number;
  seconds: number;
  from: number | null;
  to: number | null;
  /** The collections with pulls sent before and answered after the stand began, or what came after them all. */
  during: string;
  /** The longest readwrite transaction overlapping the stand (seconds, store), and how many did. */
  writes: { longest: number; store: string; count: number };
}

/** A readwrite transaction in the page's clock (ms): start, end (-1 if never ended), database. */
export type WriteStamp = [number, number, string];

export async function pullWindows(page: Page): Promise<PullWindows> {
  return page.evaluate(() => {
    const windows: Record<string, { from: number; firstAnswer: number; to: number; pulls: number }> = {};
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const match = /\/api\/v1\/sync\/([a-z]+)\?/.exec(entry.name);
      if (!match) continue;
      const w = (windows[match[1]!] ??= {
        from: entry.startTime,
        firstAnswer: entry.responseEnd,
        to: entry.responseEnd,
        pulls: 0,
      });
      if (entry.startTime < w.from) [w.from, w.firstAnswer] = [entry.startTime, entry.responseEnd];
      w.to = Math.max(w.to, entry.responseEnd);
      w.pulls++;
    }
    return windows;
  });
}

/** Each collection's first pull, sent and answered, in seconds from the bar's first value. */
export function firstPulls(span: [number, number | null][], windows: PullWindows): string {
  const start = span[0]?.[0] ?? 0;
  const s = (t: number) => ((t - start) / 1000).toFixed(2);
  const moved = span.find(([, v]) => v !== null && v > 0)?.[0];
  return `${Object.entries(windows)
    .map(([name, w]) => `${name} ${s(w.from)}/${s(w.firstAnswer)}`)
    .join(', ')}; the bar first moved at ${moved === undefined ? '-' : s(moved)} s`;
}

/** The three longest stands of the bar, from its stamped changes, each beside the pulls of its time. */
export function placeStills(span: [number, number | null][], windows: PullWindows, writes: WriteStamp[]): Still[] {
  const start = span[0]?.[0] ?? 0;
  const stills = span.slice(1).map(([t], k) => {
    const [began, value] = span[k]!;
    const active = Object.entries(windows)
      .filter(([, w]) => w.from <= began && w.to >= began)
      .map(([name]) => name);
    const lastAnswer = Math.max(...Object.values(windows).map((w) => w.to));
    const during =
      active.length > 0
        ? `pulls of ${active.join(', ')} in flight`
        : began > lastAnswer
          ? `${((began - lastAnswer) / 1000).toFixed(2)} s after the last pull answer`
          : 'between pulls';
    const overlapping = writes.filter(([from, to]) => from < t && (to < 0 || to > began));
    const longest = overlapping.reduce<WriteStamp | null>(
      (most, w) => (most && most[1] - most[0] >= w[1] - w[0] ? most : w),
      null,
    );
    return {
      at: (began - start) / 1000,
      seconds: (t - began) / 1000,
      from: value,
      to: span[k + 1]![1],
      during,
      writes: {
        longest: longest ? (longest[1] - longest[0]) / 1000 : 0,
        store: longest ? (longest[2].split('--').pop() ?? longest[2]).replace(/^(rx-replication-meta)-.*/, '$1') : '-',
        count: overlapping.length,
      },
    };
  });
  return stills.sort((a, b) => b.seconds - a.seconds).slice(0, 3);
}
