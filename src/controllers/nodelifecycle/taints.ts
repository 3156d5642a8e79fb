// Taint arithmetic of the node lifecycle and taint-eviction controllers, pure: which taints a
// node's Ready condition calls for, whether a pod tolerates a taint (the scheduler's rules), and
// how long a pod may stay on a node with NoExecute taints (getMinTolerationTime).

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
export const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** The lifecycle-managed taints a node with this Ready status should carry. */
export function taintsForReady(ready: 'True' | 'False' | 'Unknown' | undefined, timeAdded: string): Taint[] {
  const key = ready === 'Unknown' ? UNREACHABLE : ready === 'False' ? NOT_READY : undefined;
  if (!key) return [];
  return [
    { key, effect: 'NoSchedule' },
    { key, effect: 'NoExecute', timeAdded },
  ];
}

const MANAGED = new Set([UNREACHABLE, NOT_READY]);

/** The node's taints with the lifecycle-managed ones replaced by `desired` (existing entries, and their timeAdded, kept). */
export function reconcileTaints(current: Taint[], desired: Taint[]): Taint[] | undefined {
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !MANAGED.has(t.key) || desired.some((d) => same(d, t)));
  const added = desired.filter((d) => !current.some((t) => same(d, t)));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (!tol.key && tol.operator !== 'Exists') return false;
  if (tol.operator === 'Exists') return true;
  return (tol.value ?? '') === (taint.value ?? '');
}

/**
 * How long (ms) the pod may stay: -1 = evict now (some NoExecute taint is not tolerated),
 * Infinity = forever, otherwise the smallest tolerationSeconds among the tolerations used.
 */
export function minTolerationMs(tolerations: Toleration[] | undefined, taints: Taint[]): number {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (!noExecute.length) return Infinity;
  let min = Infinity;
  for (const taint of noExecute) {
    const used = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (!used.length) return -1;
    for (const t of used) if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000);
  }
  return min;
}
