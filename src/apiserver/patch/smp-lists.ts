// List handling for strategic merge patch. Lists tagged `merge` are merged element by element
// (by merge key for maps, as a set for primitives); `{"$patch":"delete"}` elements remove the
// matching live element, a `{"$patch":"replace"}` element makes the rest of the patch list the
// new list, and `$deleteFromPrimitiveList/<list>` removes primitives. Untagged lists are replaced.

import type { FieldPatchMeta, PatchSchema } from './patch-meta.js';
import { GO_SLICE, smpErr } from './smp-errors.js';
import { findMapByKey, normalizeElementOrder, partitionByPresence, sliceElementKind } from './smp-order.js';
import { isJsonMap, type JsonMap } from '../../apimachinery/json-value.js';
import { removeDirectives } from './smp-directives.js';

export type MapMerger = (original: JsonMap, patch: JsonMap, schema: PatchSchema) => JsonMap;

export interface ListContext {
  meta: FieldPatchMeta;
  /** The patch value came from a `$deleteFromPrimitiveList/<list>` key. */
  isDeleteList: boolean;
  mergeMap: MapMerger;
}

/** Merges a patch list into a live list according to the field's strategy. */
export function mergeList(original: unknown, patch: unknown, ctx: ListContext): unknown[] {
  if (!Array.isArray(original)) throw smpErr.badArgType(GO_SLICE, original);
  if (!Array.isArray(patch)) throw smpErr.badArgType(GO_SLICE, patch);
  // Deletion lists delete whatever the field's strategy (kubernetes#110472).
  if (ctx.meta.strategy !== 'merge' && !ctx.isDeleteList) return patch;
  return mergeSlice(original, patch, ctx);
}

function mergeSlice(original: unknown[], patch: unknown[], ctx: ListContext): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  if (kind !== 'object') return mergePrimitives(original, patch, ctx.isDeleteList);
  const mergeKey = ctx.meta.mergeKey;
  if (!mergeKey) throw smpErr.noMergeKeyDeclared('struct');
  const special = applySpecialElements(original, patch, mergeKey);
  const merged = mergeByKey(special.original.slice(), special.patch, mergeKey, ctx);
  const parts = partitionByPresence(merged, special.patch, mergeKey);
  return normalizeElementOrder(
    { patchItems: parts.inPatch, serverOnly: parts.serverOnly, patchOrder: special.patch, serverOrder: special.original },
    mergeKey,
    kind,
  );
}

function mergePrimitives(original: unknown[], patch: unknown[], isDeleteList: boolean): unknown[] {
  if (isDeleteList) return original.filter((v) => !patch.includes(v));
  const merged = [...new Set([...original, ...patch])];
  const parts = partitionByPresence(merged, patch, '');
  const kind = sliceElementKind(original, patch);
  return normalizeElementOrder({ patchItems: parts.inPatch, serverOnly: parts.serverOnly, patchOrder: patch, serverOrder: original }, '', kind);
}

/**
 * Applies `$patch` elements: deletes remove every live element with the same merge key; a
 * replace makes the directive-free patch elements the whole list. Returns what is left to merge.
 */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let live = original;
  for (const item of patch as JsonMap[]) {
    if (!Object.hasOwn(item, '$patch')) {
      plain.push(item);
      continue;
    }
    switch (item.$patch) {
      case 'delete':
        if (!Object.hasOwn(item, mergeKey)) throw smpErr.noMergeKey(item, mergeKey);
        live = deleteMatching(live, mergeKey, item[mergeKey]);
        break;
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw smpErr.mergeListDirective();
      default:
        throw smpErr.badPatchType(item.$patch, item);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: live, patch: plain };
}

function deleteMatching(list: unknown[], mergeKey: string, value: unknown): unknown[] {
  findMapByKey(list, mergeKey, value); // validates that every element is a map
  return list.filter((item) => !(isJsonMap(item) && Object.hasOwn(item, mergeKey) && item[mergeKey] === value));
}

/** Merges each patch element into the live element with the same key, or appends it. */
function mergeByKey(list: unknown[], patch: unknown[], mergeKey: string, ctx: ListContext): unknown[] {
  for (const item of patch as JsonMap[]) {
    if (!Object.hasOwn(item, mergeKey)) throw smpErr.noMergeKey(item, mergeKey);
    const found = findMapByKey(list, mergeKey, item[mergeKey]);
    if (found) {
      list[found.index] = ctx.mergeMap(found.map, item, ctx.meta.schema ?? {});
    } else {
      const [value, keep] = removeDirectives(item);
      if (keep) list.push(value);
    }
  }
  return list;
}
