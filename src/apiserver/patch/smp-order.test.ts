// Ordering of merged lists. Cases are apimachinery's "preserve order" scenarios (live list +
// patch with $setElementOrder -> expected list), run through the full strategic merge so the
// order directive, deletions and server-only items interact as they do on a real apiserver.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strategicMergePatch } from './strategic-merge-patch.js';
import type { PatchSchema } from './patch-meta.js';
import type { JsonMap } from '../../apimachinery/json-value.js';

const schema: PatchSchema = {
  mergingList: { strategy: 'merge', mergeKey: 'name' },
  mergingIntList: { strategy: 'merge' },
};

const named = (...names: number[]) => names.map((name) => ({ name }));

interface Case {
  name: string;
  live: JsonMap;
  patch: JsonMap;
  want: JsonMap;
}

const cases: Case[] = [
  {
    name: 'patch list order wins for patched items, server-only item keeps its live slot',
    live: { mergingList: [{ name: 'B' }, { name: 'C' }, { name: 'A' }] },
    patch: { mergingList: [{ name: 'A', v: 1 }, { name: 'B', v: 1 }, { name: 'D' }] },
    want: { mergingList: [{ name: 'C' }, { name: 'A', v: 1 }, { name: 'B', v: 1 }, { name: 'D' }] },
  },
  {
    name: 'a new item without $setElementOrder goes before later live items',
    live: { mergingList: named(1, 2) },
    patch: { mergingList: named(3) },
    want: { mergingList: named(3, 1, 2) },
  },
  {
    name: 'delete an item and reorder',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
    patch: { '$setElementOrder/mergingList': named(2, 1), mergingList: [{ name: 3, $patch: 'delete' }] },
    want: { mergingList: [{ name: 2, value: 2, other: 'b' }, { name: 1, other: 'a' }] },
  },
  {
    name: 'add and delete an item and preserve order',
    live: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 3, value: 3 }] },
    patch: { '$setElementOrder/mergingList': named(4, 2, 1), mergingList: [{ name: 4, value: 4 }, { name: 3, $patch: 'delete' }] },
    want: { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2 }, { name: 1, other: 'a' }] },
  },
  {
    name: 'order only, with a trailing server-only item',
    live: { mergingList: named(1, 3, 4, 2, 9) },
    patch: { '$setElementOrder/mergingList': named(4, 2, 3, 1) },
    want: { mergingList: named(4, 2, 3, 1, 9) },
  },
  {
    name: 'server-only items interleave by live position',
    live: { mergingList: named(1, 2, 7, 9, 8, 3, 4) },
    patch: { '$setElementOrder/mergingList': named(2, 1, 4, 3) },
    want: { mergingList: named(2, 1, 7, 9, 8, 4, 3) },
  },
  {
    name: 'duplicates in the live list stay grouped',
    live: { mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }] },
    patch: { '$setElementOrder/mergingList': named(2, 1, 4, 3, 2) },
    want: { mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }] },
  },
  {
    name: 'primitive list: add in front',
    live: { mergingIntList: [1, 2] },
    patch: { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] },
    want: { mergingIntList: [3, 1, 2] },
  },
  {
    name: 'primitive list: add several in the middle',
    live: { mergingIntList: [1, 2] },
    patch: { '$setElementOrder/mergingIntList': [1, 4, 2, 3], mergingIntList: [4, 3] },
    want: { mergingIntList: [1, 4, 2, 3] },
  },
  {
    name: 'primitive list: add and delete',
    live: { mergingIntList: [1, 2, 3] },
    patch: { '$setElementOrder/mergingIntList': [4, 2, 1], mergingIntList: [4], '$deleteFromPrimitiveList/mergingIntList': [3] },
    want: { mergingIntList: [4, 2, 1] },
  },
  {
    name: 'primitive list: server-only item interleaves',
    live: { mergingIntList: [1, 2, 9, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] },
    want: { mergingIntList: [2, 1, 9, 4, 3] },
  },
  {
    name: 'order list may name items the live list lacks',
    live: { mergingList: named(1, 2) },
    patch: { '$setElementOrder/mergingList': named(3, 1, 2), mergingList: named(1, 2) },
    want: { mergingList: named(1, 2) },
  },
  {
    name: 'list absent from the live object is taken from the patch',
    live: {},
    patch: { '$setElementOrder/mergingList': named(2, 1), mergingList: named(2, 1) },
    want: { mergingList: named(2, 1) },
  },
];

for (const c of cases) {
  void test(`ordering: ${c.name}`, () => {
    assert.deepEqual(strategicMergePatch(c.live, c.patch, schema), c.want);
  });
}

void test('ordering: patch items out of $setElementOrder order are a 500 with upstream text', () => {
  assert.throws(
    () => strategicMergePatch({ mergingList: named(1, 2) }, { '$setElementOrder/mergingList': named(1, 2), mergingList: named(2, 1) }, schema),
    (e: any) => e.code === 500 && e.status.reason === undefined && /^the order in patch list:\n/.test(e.message),
  );
});
