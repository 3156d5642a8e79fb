import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoredEntry } from './stored-entry.js';
import { VersionIndex } from './version-index.js';

const v = (resource: string, namespace: string, name: string, rv: number) => new StoredEntry({ resource, namespace, name, rv, json: `{"rv":${rv}}` });

test('the index finds, replaces, lists (sorted, by namespace or all) and counts the current versions', () => {
  const idx = new VersionIndex();
  for (const o of [v('pods', 'b', 'x', 1), v('pods', 'a', 'y', 2), v('pods', 'a', 'x', 3), v('configmaps', 'a', 'x', 4), v('nodes', '', 'n1', 5)]) idx.set(o);
  assert.equal(idx.get('pods', 'a', 'x')?.rv, 3);
  assert.equal(idx.get('pods', 'c', 'x'), undefined);
  assert.equal(idx.get('secrets', 'a', 'x'), undefined);
  idx.set(v('pods', 'a', 'x', 6));
  assert.equal(idx.get('pods', 'a', 'x')?.rv, 6, 'a newer version replaces the older');
  assert.deepEqual(
    idx.list('pods').map((o) => `${o.namespace}/${o.name}@${o.rv}`),
    ['a/x@6', 'a/y@2', 'b/x@1'],
  );
  assert.deepEqual(
    idx.list('pods', 'a').map((o) => o.name),
    ['x', 'y'],
  );
  assert.deepEqual(idx.list('pods', 'zzz'), []);
  assert.deepEqual(idx.list('secrets'), []);
  assert.deepEqual(
    idx.list('nodes', '').map((o) => o.name),
    ['n1'],
  );
  assert.equal(idx.count('pods'), 3);
  assert.equal(idx.count('secrets'), 0);
});

test('deleting removes exactly that object, and an emptied namespace no longer lists', () => {
  const idx = new VersionIndex();
  idx.set(v('pods', 'a', 'x', 1));
  idx.set(v('pods', 'b', 'x', 2));
  idx.delete(v('pods', 'a', 'x', 3));
  idx.delete(v('pods', 'a', 'gone', 4)); // absent: nothing happens
  assert.equal(idx.get('pods', 'a', 'x'), undefined);
  assert.equal(idx.get('pods', 'b', 'x')?.rv, 2, 'the same name in another namespace stays');
  assert.deepEqual(idx.list('pods', 'a'), []);
  assert.equal(idx.count('pods'), 1);
});
