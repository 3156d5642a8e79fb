// What a benchmark module exports, and the marker line through which a benchmark child process
// hands its figures back to run.ts.

import type { Figure } from './figures.js';

export interface BenchArgs {
  /** `--huge`: include the stretch scenarios (e.g. 100,000 pods on 1,000 nodes). */
  huge: boolean;
}

export interface Benchmark {
  name: string;
  /** Which issue's "Done when" it measures. */
  title: string;
  /** Wall-clock budget; run.ts kills the benchmark after it. */
  budgetMs: number;
  run(args: BenchArgs, report: (f: Figure) => void): Promise<void>;
}

export const FIGURE_MARK = '@@bench-figure@@ ';
