import type { Reporter } from './figures';

/** What every bench module gets. */
export interface BenchContext {
  /** `--quick`: a smoke run of about a minute in all; figures are rougher. */
  quick: boolean;
  /** `--profile DIR`: servers started by modules write V8 CPU profiles there. */
  profileDir: string | undefined;
  report: Reporter;
}

/** One entry of bench/run.ts's registry. */
export interface BenchModule {
  name: string;
  /** One line on what it measures, printed before it runs. */
  what: string;
  run(ctx: BenchContext): Promise<void>;
}
