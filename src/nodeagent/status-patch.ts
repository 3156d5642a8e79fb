// The body of a pod status strategic merge patch, computed as a two-way diff against the status
// the API holds (kubelet's status manager does the same with CreateTwoWayMergePatch): fields and
// conditions that did not change are left out, and an explicit null removes only what the current
// status has and the new one drops (a condition's reason/message once it turns True, the `waiting`
// state of a container that started). A smaller patch is less for the API server to decode, check
// and merge, on the one write every pod gets.

const absent = (v: unknown): boolean => v === undefined || v === null;

/** Deep equality where a missing key, undefined and null are the same (the API drops nulls). */
export function sameValue(a: any, b: any): boolean {
  if (a === b) return true;
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x: unknown, i: number) => sameValue(x, b[i]));
  for (const k in a) if (!sameValue(a[k], b[k])) return false;
  for (const k in b) if (!(k in a) && !absent(b[k])) return false;
  return true;
}

const isMap = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `next` plus a null for every key (at any depth of nested maps) that `prev` has and `next` lacks. */
export function withRemovals(next: Record<string, any>, prev: unknown): Record<string, any> {
  if (!isMap(prev)) return next;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(prev)) if (!absent(v) && absent(next[k])) out[k] = null;
  for (const [k, v] of Object.entries(next)) out[k] = isMap(v) ? withRemovals(v, prev[k]) : v;
  return out;
}

type Named = { name?: string; type?: string };

/** List items (container statuses by name, conditions by type) with removals against the item of the same key. */
function itemsWithRemovals(next: Named[], prev: unknown, key: 'name' | 'type'): Record<string, any>[] {
  const old = Array.isArray(prev) ? (prev as Named[]) : [];
  return next.map((item) => withRemovals(item, old.find((o) => o?.[key] === item[key])));
}

/**
 * The `status` of a strategic merge patch taking `current` to `desired` for the fields in
 * `desired` (fields it does not mention are left alone). Conditions merge by type on the server, so
 * only changed ones are sent; container statuses are replaced as a whole when they change.
 */
export function statusPatch(desired: Record<string, any>, current: Record<string, any> | undefined): Record<string, any> {
  const cur = current ?? {};
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'conditions') continue;
    if (sameValue(v, cur[k])) continue;
    out[k] = k === 'containerStatuses' || k === 'initContainerStatuses' ? itemsWithRemovals(v ?? [], cur[k], 'name') : v;
  }
  const oldConds: Named[] = Array.isArray(cur.conditions) ? cur.conditions : [];
  const changed = ((desired.conditions ?? []) as Named[]).filter((c) => !sameValue(c, oldConds.find((o) => o?.type === c.type)));
  if (changed.length) out.conditions = itemsWithRemovals(changed, oldConds, 'type');
  return out;
}
