// How far V8 lets the old generation grow before its next full (mark-compact) collection. V8 picks
// the factor itself after each collection, from how much of the main thread's time collections
// took; with concurrent marking that share looks small, so it keeps the heap tight: a live heap of
// 40–50 MB was collected again once it reached 65–75 MB, twice per 10 s of 3,000 updates/s. Each
// of those collections marks every stored object and, on a 2-core machine, takes the CPU that
// requests need: tens of ms of marking steps and a pause on the main thread, which every request
// waiting meanwhile pays (docs/adr/0010-heap-grows-to-double.md, 0011-heap-grows-fourfold.md).
//
// Go's runtime, which kube-apiserver runs on, collects once the heap has doubled (GOGC=100), but
// its collections stop the world for well under a millisecond. V8's cost the main thread far more,
// so Ordinal lets the heap grow to four times what the last collection left live: under sustained
// writes that is a full collection every three 10 s windows instead of one in each, for about
// 100 MiB more RSS with 10,000 pods stored (353 against 253 MiB). `ordinal up
// --heap-growth-percent` trades the other way, as GOGC does.

import v8 from 'node:v8';

/** The old generation may grow by this share of what the last full collection left live. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 300;

/** Sets V8's heap growing factor for this process (read at every full collection, so it applies from the next one on). */
export function setHeapGrowthPercent(percent = DEFAULT_HEAP_GROWTH_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
