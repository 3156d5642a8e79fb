// Figures a benchmark reports: a measured value with its unit and, when an issue sets one, the
// target and whether it was met. Shared by every benchmark and by run.ts, which prints the table.

export interface Figure {
  bench: string;
  name: string;
  value: number | string;
  unit: string;
  /** Human-readable target, e.g. "< 1000 ms". */
  target?: string;
  /** undefined when the figure has no target (informational). */
  pass?: boolean;
  note?: string;
}

export type Cmp = '<' | '<=' | '>' | '>=';

/** A figure checked against a numeric target; a string value ("not reached") is a miss. */
export function fig(bench: string, name: string, value: number | string, unit: string, cmp?: Cmp, target?: number, note?: string): Figure {
  const f: Figure = { bench, name, value: typeof value === 'number' ? round(value) : value, unit, note };
  if (cmp && target !== undefined) {
    f.target = `${cmp} ${target} ${unit}`;
    if (typeof value === 'string' || Number.isNaN(value)) f.pass = false;
    else f.pass = cmp === '<' ? value < target : cmp === '<=' ? value <= target : cmp === '>' ? value > target : value >= target;
  }
  return f;
}

export function info(bench: string, name: string, value: number | string, unit = '', note?: string): Figure {
  return { bench, name, value: typeof value === 'number' ? round(value) : value, unit, note };
}

export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

/** Nearest-rank percentile of unsorted samples (p in 0..1). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))];
}

export function status(f: Figure): string {
  return f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS';
}

/** One line per figure, as benchmarks print them while they run. */
export function formatFigure(f: Figure): string {
  const t = f.target ? `  (target ${f.target}) ${status(f)}` : '';
  return `  ${f.name}: ${f.value} ${f.unit}${t}${f.note ? `  — ${f.note}` : ''}`;
}

/** The closing table: one row per figure, aligned columns. */
export function formatTable(figs: Figure[]): string {
  // Long descriptive values (setup, timelines) are printed in full where the benchmark ran.
  const shown = (f: Figure) => {
    const v = `${f.value} ${f.unit}`.trim();
    return v.length > 40 ? `${v.slice(0, 37)}...` : v;
  };
  const rows = [['benchmark', 'figure', 'value', 'target', 'result'], ...figs.map((f) => [f.bench, f.name, shown(f), f.target ?? '', status(f)])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
