// How far V8 lets the old generation grow before its next full (mark-compact) collection. V8 picks
// the factor itself after each collection, from how much of the main thread's time collections
// took; with concurrent marking that share looks small, so it keeps the heap tight: a live heap of
// 40–50 MB was collected again once it reached 65–75 MB, twice per 10 s of 3,000 updates/s. Each
// of those collections marks every stored object and, on a 2-core machine, takes the CPU that
// requests need (docs/adr/0010-heap-grows-to-double.md). Go's runtime, which kube-apiserver runs
// on, collects when the heap has doubled since the last collection (GOGC=100); this asks V8 for
// the same, trading that much more memory for fewer full collections where V8 keeps the heap
// tighter (updates: 2 instead of 4 in 30 s at 3,000/s; creates already grew it about twofold).

import v8 from 'node:v8';

/** Go's GOGC default: the heap may grow by 100 % of what the last collection left live. */
export const HEAP_GROWING_PERCENT = 100;

/** Sets V8's heap growing factor for this process (read at every full collection, so it applies from the next one on). */
export function growHeapToDoubleBeforeCollecting(percent = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
