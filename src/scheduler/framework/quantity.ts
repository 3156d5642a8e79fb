// Parses Kubernetes resource quantities ("100m", "1.5", "512Mi", "2G", "1e3") into numbers.
// CPU is tracked in millicores and everything else in base units, both rounded up as
// resource.Quantity's MilliValue()/Value() do, so fit checks agree with kube-scheduler.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const RE = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const cache = new Map<string, number>();

/** The quantity as a float in base units; NaN when unparsable. */
export function quantityValue(q: string | number | undefined): number {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const hit = cache.get(q);
  if (hit !== undefined) return hit;
  const m = RE.exec(q.trim());
  let v = NaN;
  if (m) {
    const base = Number(m[1]);
    if (m[2]) v = base * 10 ** Number(m[2].slice(1));
    else v = base * (BINARY[m[3] ?? ''] ?? DECIMAL[m[3] ?? ''] ?? NaN);
  }
  if (cache.size < 10_000) cache.set(q, v);
  return v;
}

/** Millicores (or milli-units), rounded up. */
export function milliValue(q: string | number | undefined): number {
  const v = quantityValue(q);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e6) / 1e3) : 0;
}

/** Whole base units, rounded up. */
export function intValue(q: string | number | undefined): number {
  const v = quantityValue(q);
  return Number.isFinite(v) ? Math.ceil(v - 1e-9) : 0;
}
