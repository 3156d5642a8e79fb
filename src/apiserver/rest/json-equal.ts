// Equality of two values as their JSON would compare after a parse (key order ignored, properties
// that JSON drops ignored, non-finite numbers equal to null), without serializing them. Update's
// no-op and generation checks run on every write; serializing and re-parsing both objects for them
// cost more than the rest of an update's bookkeeping.

type Obj = Record<string, unknown>;

/** What JSON.stringify makes of a member value (toJSON applied): undefined when it drops the member. */
function norm(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') return norm((v as { toJSON(): unknown }).toJSON());
  return v;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  return Array.isArray(x) ? arraysEqual(x, y as unknown[]) : objectsEqual(x as Obj, y as Obj);
}

function arraysEqual(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  // In arrays JSON writes dropped values as null.
  for (let i = 0; i < a.length; i++) if (!jsonEqual(norm(a[i]) ?? null, norm(b[i]) ?? null)) return false;
  return true;
}

/** Objects equal as JSON, members named in `skip` left out on both sides. */
export function objectsEqual(a: Obj, b: Obj, skip?: readonly string[]): boolean {
  let n = 0;
  for (const k of Object.keys(a)) {
    if (skip?.includes(k)) continue;
    const v = norm(a[k]);
    if (v === undefined) continue;
    n++;
    if (!Object.hasOwn(b, k) || !jsonEqual(v, b[k])) return false;
  }
  let m = 0;
  for (const k of Object.keys(b)) if (!skip?.includes(k) && norm(b[k]) !== undefined) m++;
  return n === m;
}
