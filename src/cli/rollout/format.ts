// Small text helpers shared by the cluster commands: aligned columns as kubectl prints them,
// durations in and out, and colour that switches itself off when stdout is not a terminal.

/** Columns separated by three spaces, each as wide as its widest cell (kubectl's tabwriter look). */
export function table(rows: string[][], indent = ''): string {
  if (!rows.length) return '';
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(c))));
  return rows
    .map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - visibleLength(c) + 3))).join('').trimEnd())
    .join('\n');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
export const visibleLength = (s: string): number => s.replace(ANSI, '').length;

export interface Painter {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (on: string) => (s: string) => `\x1b[${on}m${s}\x1b[0m`;
const same = (s: string) => s;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function painter(tty: boolean, env: NodeJS.ProcessEnv = process.env): Painter {
  if (!tty || env.NO_COLOR) return { green: same, red: same, yellow: same, dim: same, bold: same };
  return { green: wrap('32'), red: wrap('31'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

/** 0.42 s → "420ms", 12.3 s → "12.3s", 125 s → "2m5s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1).replace(/\.0$/, '')}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${Math.round(s - m * 60)}s`;
  return `${Math.floor(m / 60)}h${m % 60}m`;
}

/** Go-style durations as kubectl's --timeout takes them: "0", "90s", "5m", "1h30m", "500ms"; a bare number is seconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = t;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) throw new Error(`invalid duration "${text}": use e.g. 30s, 5m, 1h30m (0 waits forever)`);
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Age as kubectl prints it (5s, 3m, 2h, 4d) from an RFC 3339 timestamp. */
export function age(timestamp: string | undefined, now = Date.now()): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
