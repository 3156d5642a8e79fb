// Parses human durations ("0", "500ms", "2s", "1m", "1h30m", "1.5s") into milliseconds. The CLI flags
// (--image-pull, --container-start, ...) and SimTimings use this; the grammar follows Go's
// time.ParseDuration (which kubectl and kwok users already know), plus a bare "0".

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/;

/** Milliseconds in `str`. Throws on anything Go's time.ParseDuration would reject (bare numbers other than 0 included). */
export function parseDuration(str: string): number {
  const s = str.trim();
  if (s === '0' || s === '+0' || s === '-0') return 0;
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') throw new Error(`invalid duration "${str}"`);
  let total = 0;
  while (rest !== '') {
    const m = PART.exec(rest);
    if (!m) throw new Error(`invalid duration "${str}"${/^\d+$/.test(rest) ? ': missing unit' : ''}`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** Formats ms the way Go prints a time.Duration ("1m30s", "500ms", "0s"), used in messages like "back-off 10s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${trim(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  return `${out}${trim(s)}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
