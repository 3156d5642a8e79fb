// Element ordering for merged lists. Strategic merge patch keeps the order the client asked for
// (the patch list, or `$setElementOrder/<list>`) for the items it mentions and the live order for
// the items only the server has, interleaving the two by the live order where both are known.
// Semantics from apimachinery's normalizeElementOrder / mergeSortedSlice; see the design note
// "preserve-order-in-strategic-merge-patch".

import { smpErr, GO_MAP } from './smp-errors.js';
import { isJsonMap, jsonKind, type JsonKind, type JsonMap } from '../../apimachinery/json-value.js';

/** The element kind shared by every item of the given lists (maps, strings, ...). */
export function sliceElementKind(...lists: unknown[][]): JsonKind {
  let kind: JsonKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = jsonKind(item);
      if (kind === undefined && k === 'array') throw smpErr.noListOfLists();
      if (kind !== undefined && k !== kind) throw smpErr.elementTypesDiffer(lists);
      kind = k;
    }
  }
  if (kind === undefined) throw smpErr.noElements();
  return kind;
}

/** What identifies an item: its merge key value for maps, the item itself for primitives. */
function identity(item: unknown, mergeKey: string, kind: JsonKind): unknown {
  if (kind !== 'object') return item;
  return isJsonMap(item) ? (item[mergeKey] ?? null) : null;
}

export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: JsonKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((x) => identity(x, mergeKey, kind) === id);
}

/** Finds the map whose `key` equals `value`; every element must be a map. */
export function findMapByKey(list: unknown[], key: string, value: unknown): { map: JsonMap; index: number } | undefined {
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (!isJsonMap(item)) throw smpErr.notAMap(index);
    if (Object.hasOwn(item, key) && item[key] === value) return { map: item, index };
  }
  return undefined;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonMap(item)) throw smpErr.badArgType(GO_MAP, item);
      if (!Object.hasOwn(item, mergeKey)) throw smpErr.noMergeKey(item, mergeKey);
    }
  }
}

/** Splits a patch list into ordinary items and `{"$patch":"delete"}` items. */
export function splitDeleteItems(list: unknown[]): { keep: unknown[]; toDelete: unknown[] } {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const item of list) {
    if (!isJsonMap(item)) throw smpErr.badArgType(GO_MAP, item);
    (item.$patch === 'delete' ? toDelete : keep).push(item);
  }
  return { keep, toDelete };
}

/** Stable sort of `toSort` by position in `order`; items absent from `order` keep their place after. */
function sortByOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  const ranked = toSort.map((item, i) => ({ item, i, rank: indexIn(order, item, mergeKey, kind) }));
  ranked.sort((a, b) => {
    if (a.rank >= 0 && b.rank >= 0) return a.rank - b.rank || a.i - b.i;
    if (a.rank >= 0 !== b.rank >= 0) return a.rank >= 0 ? -1 : 1;
    return a.i - b.i;
  });
  return ranked.map((r) => r.item);
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  if (kind !== 'object') return sortByOrder(toSort, order, mergeKey, kind);
  validateMergeKeyInLists(mergeKey, toSort, order);
  const { keep, toDelete } = splitDeleteItems(toSort);
  return [...sortByOrder(keep, order, mergeKey, kind), ...toDelete];
}

/**
 * Interleaves server-only items (`left`) into the patch items (`right`): a server-only item goes
 * before a patch item only when both appear in the live list and it came first there.
 */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export interface OrderInputs {
  patchItems: unknown[];
  serverOnly: unknown[];
  patchOrder: unknown[];
  serverOrder: unknown[];
}

/** Sorts patch items by the requested order and server-only items by the live order, then merges them. */
export function normalizeElementOrder(inputs: OrderInputs, mergeKey: string, kind: JsonKind): unknown[] {
  const patch = normalizeSliceOrder(inputs.patchItems, inputs.patchOrder, mergeKey, kind);
  const serverOnly = normalizeSliceOrder(inputs.serverOnly, inputs.serverOrder, mergeKey, kind);
  return mergeSortedSlice(serverOnly, patch, inputs.serverOrder, mergeKey, kind);
}

/** Splits `list` into items present in `by` and the rest (server-only), keeping relative order. */
export function partitionByPresence(list: unknown[], by: unknown[], mergeKey: string): { inPatch: unknown[]; serverOnly: unknown[] } {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of list) {
    (isPresent(item, by, mergeKey) ? inPatch : serverOnly).push(item);
  }
  return { inPatch, serverOnly };
}

function isPresent(item: unknown, by: unknown[], mergeKey: string): boolean {
  if (!mergeKey) return by.includes(item);
  if (!isJsonMap(item)) throw smpErr.badArgType(GO_MAP, item);
  if (!Object.hasOwn(item, mergeKey)) throw smpErr.noMergeKey(item, mergeKey);
  return findMapByKey(by, mergeKey, item[mergeKey]) !== undefined;
}

