import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { jsonEqual, objectsEqual } from './json-equal.js';
import { sameIgnoringRv, specChanged } from './write-common.js';
import type { KubeObject } from '../../apimachinery/types.js';

/** The definition: equal after a JSON round trip. */
const reference = (a: unknown, b: unknown): boolean => isDeepStrictEqual(JSON.parse(JSON.stringify(a) ?? 'null'), JSON.parse(JSON.stringify(b) ?? 'null'));

test('jsonEqual agrees with comparing JSON round trips', () => {
  const cases: [string, unknown, unknown][] = [
    ['same scalars', 1, 1],
    ['different scalars', 1, 2],
    ['string vs number', '1', 1],
    ['-0 and 0 serialize alike', -0, 0],
    ['Infinity is null in JSON', { a: Infinity }, { a: null }],
    ['NaN is null in JSON', [NaN], [null]],
    ['key order is ignored', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }],
    ['array order matters', [1, 2], [2, 1]],
    ['undefined members are dropped', { a: 1, b: undefined }, { a: 1 }],
    ['undefined array items are null', [undefined], [null]],
    ['function members are dropped', { a: 1, f: () => 1 }, { a: 1 }],
    ['missing vs null member', { a: null }, {}],
    ['extra member', { a: 1 }, { a: 1, b: 2 }],
    ['array vs object', [], {}],
    ['nested difference', { a: { b: { c: 'x' } } }, { a: { b: { c: 'y' } } }],
    ['null vs object', null, {}],
    ['Date uses toJSON', { t: new Date(0) }, { t: '1970-01-01T00:00:00.000Z' }],
    ['empty arrays', { a: [] }, { a: [] }],
    ['array lengths', [1], [1, undefined]],
  ];
  for (const [name, a, b] of cases) {
    assert.equal(jsonEqual(a, b), reference(a, b), name);
    assert.equal(jsonEqual(b, a), reference(b, a), `${name} (swapped)`);
  }
});

test('jsonEqual agrees with the round trip on random JSON-ish values', () => {
  let seed = 42;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const leaves = [0, -0, 1, 'a', 'b', '', true, false, null, undefined, Infinity, NaN];
  const gen = (d: number): unknown => {
    const k = d > 2 ? 0 : rnd(3);
    if (k === 0) return leaves[rnd(leaves.length)];
    if (k === 1) return Array.from({ length: rnd(3) }, () => gen(d + 1));
    return Object.fromEntries(Array.from({ length: rnd(3) }, () => [['x', 'y', 'z'][rnd(3)], gen(d + 1)]));
  };
  for (let i = 0; i < 3000; i++) {
    const a = gen(0);
    const b = rnd(2) ? gen(0) : structuredClone(a);
    assert.equal(jsonEqual(a, b), reference(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
});

test('objectsEqual leaves out the skipped members on both sides', () => {
  assert.equal(objectsEqual({ a: 1, s: 1 }, { a: 1, s: 2 }, ['s']), true);
  assert.equal(objectsEqual({ a: 1, s: 1 }, { a: 1 }, ['s']), true);
  assert.equal(objectsEqual({ a: 1 }, { a: 2, s: 1 }, ['s']), false);
});

const cm = (rv: string, data: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'd', resourceVersion: rv, ...extra },
  data,
});

test('sameIgnoringRv and specChanged: what a write changed', () => {
  assert.equal(sameIgnoringRv(cm('1', { a: 'x' }), cm('2', { a: 'x' })), true, 'only the resourceVersion differs');
  assert.equal(sameIgnoringRv(cm('1', { a: 'x' }), cm('1', { a: 'y' })), false, 'data differs');
  assert.equal(sameIgnoringRv(cm('1', { a: 'x' }, { labels: { l: '1' } }), cm('1', { a: 'x' })), false, 'metadata differs');
  const sts = (replicas: number, status: object, gen: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: gen }, spec: { replicas }, status });
  assert.equal(specChanged(sts(1, { a: 1 }, 1), sts(1, { a: 2 }, 2)), false, 'status and metadata do not count');
  assert.equal(specChanged(sts(1, {}, 1), sts(2, {}, 1)), true);
});
