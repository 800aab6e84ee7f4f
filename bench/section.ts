import type { MeasureOptions } from './measure.js';

// A benchmark section: one topic (AD gradients, model-API gradients, samplers, VI), run on
// its own and reported as one table. `npm run bench` runs the sections listed in
// sections/index.ts in order; a new topic is a new file there and one line in that list.

/** A cell of a result table: numbers are formatted by their column, strings shown as is. */
export type Cell = number | string | boolean | null;

export interface Column {
  /** Key of the value in each row (also the JSON field name). */
  readonly key: string;
  /** Header in the printed table. */
  readonly header: string;
  /** How numbers are printed: significant digits of a time, a ratio ("1.84×"), an error, an integer, or two decimals. */
  readonly format?: 'micros' | 'ratio' | 'error' | 'integer' | 'fixed';
}

export interface SectionResult {
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  /** Lines printed under the table: method, targets, what the rows mean. */
  readonly notes: readonly string[];
  /** Failed correctness checks; any failure makes `npm run bench` exit with status 1. */
  readonly failures: readonly string[];
}

export interface BenchContext {
  /** Timing options every measurement of the run uses. */
  readonly timing: MeasureOptions;
  /** Progress messages; they go to stderr so that `--json` keeps stdout clean. */
  readonly log: (message: string) => void;
  /** Benchmark model ids (bench/README.md) to restrict the run to (`--models`); undefined for all. */
  readonly models?: readonly string[];
}

export interface BenchSection {
  /** Short identifier, used by `--only` and as the JSON key. */
  readonly id: string;
  readonly title: string;
  /** Sections that run for minutes (samplers, VI) may be asynchronous (worker threads). */
  run(context: BenchContext): SectionResult | Promise<SectionResult>;
  /** False for a section that runs only when named with `--only` (default true). */
  readonly byDefault?: boolean;
  /**
   * The benchmark model ids (bench/README.md) of a section with one row per model. Each is then measured in a
   * process of its own (see bench/run.ts), as Stan's figures are one run per model.
   */
  readonly models?: readonly string[];
}
