// Which ordinals an Advanced StatefulSet runs: `replicas` live pods starting at ordinals.start,
// skipping every reserveOrdinals entry (ints and "a-b" ranges), so replicas still counts pods.

import type { IntOrString } from '../statefulset/types.js';
import type { KruiseStatefulSet } from '../../kruise/types.js';

/** The reserved ordinals; malformed entries (rejected by admission anyway) are ignored. */
export function reservedOrdinals(reserve: IntOrString[] | null | undefined): Set<number> {
  const out = new Set<number>();
  for (const r of reserve ?? []) {
    if (typeof r === 'number') {
      if (r >= 0) out.add(r);
      continue;
    }
    const m = /^(\d+)-(\d+)$/.exec(r);
    if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) out.add(i);
    else if (/^\d+$/.test(r)) out.add(Number(r));
  }
  return out;
}

/** Ascending ordinals of the pods the set should have. */
export function replicaOrdinals(set: KruiseStatefulSet): number[] {
  const reserved = reservedOrdinals(set.spec.reserveOrdinals);
  const want = set.spec.replicas ?? 1;
  const out: number[] = [];
  for (let o = set.spec.ordinals?.start ?? 0; out.length < want; o++) if (!reserved.has(o)) out.push(o);
  return out;
}
