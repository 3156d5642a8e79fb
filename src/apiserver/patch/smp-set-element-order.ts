// `$setElementOrder/<list>`: kubectl apply/edit/set send the full desired order of a merging
// list next to the (partial) patch list. The server merges the list, then orders the items named
// in the directive as listed and slots server-only items in by their live position. The
// directive and the list it governs are consumed here so the main merge loop skips them.

import { fieldMeta, type PatchSchema } from './patch-meta.js';
import { GO_MAP, GO_SLICE, smpErr } from './smp-errors.js';
import { normalizeElementOrder, partitionByPresence, sliceElementKind, splitDeleteItems } from './smp-order.js';
import { isJsonMap, setOwn, type JsonMap } from '../../apimachinery/json-value.js';
import { directiveTarget, removeDirectives, SET_ELEMENT_ORDER } from './smp-directives.js';
import { mergeList, type MapMerger } from './smp-lists.js';

export function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: PatchSchema, mergeMap: MapMerger): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Object.hasOwn(patch, key)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw smpErr.badArgType(GO_SLICE, order);
    orderOneList(original, patch, { listKey: directiveTarget(key, SET_ELEMENT_ORDER), order, schema, mergeMap });
  }
}

interface OrderJob {
  listKey: string;
  order: unknown[];
  schema: PatchSchema;
  mergeMap: MapMerger;
}

function orderOneList(original: JsonMap, patch: JsonMap, job: OrderJob): void {
  const foundOriginal = Object.hasOwn(original, job.listKey);
  const foundPatch = Object.hasOwn(patch, job.listKey);
  const liveList = asList(original[job.listKey], foundOriginal);
  const patchList = asList(patch[job.listKey], foundPatch);
  const meta = fieldMeta(job.schema, job.listKey);
  const mergeKey = meta.mergeKey ?? '';
  validatePatchAgainstOrder(patchList, job.order, mergeKey);
  if (!foundOriginal && !foundPatch) return;

  let merged: unknown[];
  if (!foundPatch) merged = liveList;
  else if (!foundOriginal) merged = removeDirectives(patchList)[0] as unknown[];
  else merged = mergeList(liveList, patchList, { meta, isDeleteList: false, mergeMap: job.mergeMap });

  const parts = partitionByPresence(merged, job.order, mergeKey);
  const kind = sliceElementKind(liveList, patchList);
  const inputs = { patchItems: parts.inPatch, serverOnly: parts.serverOnly, patchOrder: job.order, serverOrder: liveList };
  setOwn(original, job.listKey, normalizeElementOrder(inputs, mergeKey, kind));
  delete patch[job.listKey];
}

function asList(v: unknown, found: boolean): unknown[] {
  if (!found) return [];
  if (!Array.isArray(v)) throw smpErr.badArgType(GO_SLICE, v);
  return v;
}

/**
 * The patch list's (non-deleting) items must appear in the order list, in the same relative
 * order; directive elements are skipped.
 */
function validatePatchAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeleteItems(patchList).keep : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isJsonMap(items[p]) && Object.hasOwn(items[p] as JsonMap, '$patch')) {
      p++;
      continue;
    }
    if (sameKey(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) throw smpErr.orderMismatch(patchList, order);
}

function sameKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isJsonMap(left)) throw smpErr.badArgType(GO_MAP, left);
  if (!isJsonMap(right)) throw smpErr.badArgType(GO_MAP, right);
  if (!Object.hasOwn(left, mergeKey)) throw smpErr.noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw smpErr.noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
