// The order Kruise's rolling update visits pods (stateful_update_utils.go sortPodsToUpdate) with
// the v1.8 partition meaning: `partition` pods stay on the old revision. Ordered mode walks from the
// highest ordinal down; unordered mode puts updated/terminating pods first, then sorts the rest by
// priorityStrategy (pkg/util/updatesort): weight sums, or orderedKey levels and trailing integers.

import { labelSelectorAsSelector } from '../../apimachinery/labels.js';
import type { UpdatePriorityStrategy } from '../../kruise/types.js';
import type { Pod } from '../statefulset/types.js';

/** getIntFromStringSuffix: trailing integer of a label value ("sts-10" → 10); 0 when there is none. */
export function suffixInt(v: string | undefined): number {
  const m = /(\d+)$/.exec(v ?? '');
  return m ? Number(m[1]) : 0;
}

function weightOf(ps: UpdatePriorityStrategy, pod: Pod): number {
  let w = 0;
  for (const p of ps.weightPriority ?? []) {
    try {
      if (labelSelectorAsSelector(p.matchSelector).matches(pod.metadata.labels)) w += p.weight;
    } catch {
      // an invalid selector matches nothing
    }
  }
  return w;
}

/** Order mode: the index of the first orderedKey the pod carries (−1 with order 0: none, sorted first), then its integer. */
function orderLevel(ps: UpdatePriorityStrategy, pod: Pod): [number, number] {
  const keys = ps.orderPriority ?? [];
  for (let i = 0; i < keys.length; i++) {
    const v = pod.metadata.labels?.[keys[i].orderedKey];
    if (v !== undefined) return [i, suffixInt(v)];
  }
  return [-1, 0];
}

/** Stable priority sort; input order (descending ordinal) breaks ties. */
export function sortByPriority(ps: UpdatePriorityStrategy | undefined, pods: Pod[]): Pod[] {
  if (!ps) return pods;
  if (ps.weightPriority?.length) return [...pods].sort((a, b) => weightOf(ps, b) - weightOf(ps, a));
  if (ps.orderPriority?.length)
    return [...pods].sort((a, b) => {
      const [la, va] = orderLevel(ps, a);
      const [lb, vb] = orderLevel(ps, b);
      return la !== lb ? la - lb : vb - va;
    });
  return pods;
}

export interface OrderParams {
  replicas: Pod[]; // ordinal order, placeholders included
  partition: number;
  unordered: boolean;
  priority?: UpdatePriorityStrategy;
  isUpdated(pod: Pod): boolean;
}

/** Indexes into `replicas` the update may touch, in visiting order. */
export function sortPodsToUpdate(p: OrderParams): number[] {
  const n = p.replicas.length;
  const quota = Math.max(0, n - p.partition);
  const desc = Array.from({ length: n }, (_, i) => n - 1 - i);
  if (!p.unordered) return desc.slice(0, quota);
  const first = desc.filter((i) => p.isUpdated(p.replicas[i]) || !!p.replicas[i].metadata.deletionTimestamp);
  const rest = desc.filter((i) => !first.includes(i));
  const sorted = sortByPriority(p.priority, rest.map((i) => p.replicas[i])).map((pod) => p.replicas.indexOf(pod));
  return [...first, ...sorted].slice(0, quota);
}
