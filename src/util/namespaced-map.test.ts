import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespacedMap } from './namespaced-map.js';

test('a NamespacedMap gets, replaces in place, deletes and counts by namespace and name', () => {
  const m = new NamespacedMap<number>();
  m.set('a', 'x', 1);
  m.set('b', 'x', 2);
  m.set('a', 'y', 3);
  m.set('', 'node-0', 4);
  assert.equal(m.size, 4);
  assert.equal(m.get('a', 'x'), 1);
  assert.equal(m.get('b', 'y'), undefined);
  m.set('a', 'x', 5);
  assert.equal(m.size, 4, 'replacing is not adding');
  assert.deepEqual([...m.inNamespace('a')], [5, 3], 'a replaced value keeps its place');
  assert.deepEqual([...m.values()], [5, 3, 2, 4]);
  assert.deepEqual([...m.inNamespace('none')], []);
  assert.equal(m.delete('b', 'x'), true);
  assert.equal(m.delete('b', 'x'), false);
  assert.equal(m.size, 3);
  assert.deepEqual([...m.values()], [5, 3, 4]);
  m.set('b', 'z', 6);
  assert.deepEqual([...m.values()], [5, 3, 4, 6], 'an emptied namespace was dropped: it comes back last');
});
