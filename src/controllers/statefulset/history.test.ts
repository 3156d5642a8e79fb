import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { ApiHistory, applyRevision, canonicalJson, controllerRevisionName, fnv1_32, hashControllerRevision, newRevision, safeEncodeString, sortControllerRevisions } from './history.js';
import { newStatefulSet } from './test-harness.js';
import type { ControllerRevision, StatefulSet } from './types.js';

test('FNV-1 32 matches Go hash/fnv New32 test vectors', () => {
  assert.equal(fnv1_32(''), 0x811c9dc5);
  assert.equal(fnv1_32('a'), 0x050c5d7e);
  assert.equal(fnv1_32('foobar'), 0x31f0b262);
});

test('SafeEncodeString maps bytes into the vowel-free alphabet', () => {
  assert.equal(safeEncodeString('0123456789'), 'bcdfghjklm'.split('').map((_, i) => 'bcdfghjklmnpqrstvwxz2456789'[(48 + i) % 27]).join(''));
  assert.match(hashControllerRevision({ a: 1 }), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('hash is stable under key order, changes with data and collisionCount', () => {
  assert.equal(hashControllerRevision({ a: 1, b: 2 }), hashControllerRevision({ b: 2, a: 1 }));
  assert.notEqual(hashControllerRevision({ a: 1 }), hashControllerRevision({ a: 2 }));
  assert.notEqual(hashControllerRevision({ a: 1 }, 0), hashControllerRevision({ a: 1 }, 1));
  assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[1,{"c":2,"d":1}]}');
});

test('newRevision: name, labels, annotations, owner, data; applyRevision restores the template', () => {
  const set = newStatefulSet('web', 1, 'Monotonic') as StatefulSet;
  set.metadata.uid = 'u';
  set.metadata.annotations = { 'kubernetes.io/change-cause': 'v1' };
  const rev = newRevision(set, 3, 0);
  const hash = rev.metadata.labels!['controller.kubernetes.io/hash'];
  assert.equal(rev.metadata.name, `web-${hash}`);
  assert.equal(rev.metadata.labels!.foo, 'bar');
  assert.deepEqual(rev.metadata.annotations, { 'kubernetes.io/change-cause': 'v1' });
  assert.equal(rev.metadata.ownerReferences![0].uid, 'u');
  assert.equal(rev.revision, 3);
  assert.equal((rev.data as any).spec.template.$patch, 'replace');
  assert.equal(controllerRevisionName('x'.repeat(300), 'h').length, 225);
  const changed = structuredClone(set);
  changed.spec.template.spec!.containers = [{ name: 'c', image: 'other' }];
  assert.deepEqual(applyRevision(changed, rev).spec.template, set.spec.template);
});

test('sort by revision, then creationTimestamp, then name', () => {
  const r = (name: string, revision: number, ts = '2025-01-01T00:00:00Z'): ControllerRevision => ({ metadata: { name, creationTimestamp: ts }, revision });
  const sorted = sortControllerRevisions([r('c', 2), r('b', 1, '2025-01-02T00:00:00Z'), r('a', 1, '2025-01-02T00:00:00Z'), r('z', 1)]);
  assert.deepEqual(sorted.map((x) => x.metadata.name), ['z', 'a', 'b', 'c']);
});

test('create bumps collisionCount when a different revision holds the name; reuses an equal one', async () => {
  const c = new FakeClient();
  const set = await c.create<StatefulSet>(at(R.statefulsets, 'default'), newStatefulSet('web', 1, 'Monotonic'));
  const h = new ApiHistory(c);
  const rev = newRevision(set, 1, 0);
  // Squat the name with different data.
  await c.create(at(R.controllerrevisions, 'default'), { ...rev, data: { other: true } });
  const collision = { count: 0 };
  const created = await h.createControllerRevision(set, rev, collision);
  assert.equal(collision.count, 1);
  assert.notEqual(created.metadata.name, rev.metadata.name);
  const again = await h.createControllerRevision(set, rev, { count: 1 });
  assert.equal(again.metadata.uid, created.metadata.uid);
});

test('adopting an orphaned revision adds the controller ref, keeps other refs and leaves data (with its $patch key) untouched', async () => {
  const c = new FakeClient();
  const set = await c.create<StatefulSet>(at(R.statefulsets, 'default'), newStatefulSet('web', 1, 'Monotonic'));
  const orphan = newRevision(set, 1, 0);
  orphan.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' }];
  const stored = await c.create<ControllerRevision>(at(R.controllerrevisions, 'default'), orphan);
  assert.match(JSON.stringify(stored.data), /"\$patch":"replace"/);
  c.clearActions();
  const adopted = await new ApiHistory(c).adoptControllerRevision(set, stored);
  const [action] = c.actions.filter((a) => a.verb === 'patch');
  assert.equal(action.patchType, 'json', 'not a strategic merge patch: data carries a literal $patch key');
  assert.deepEqual(
    adopted.metadata.ownerReferences!.map((r) => [r.kind, r.uid, !!r.controller]),
    [['ConfigMap', 'cm-uid', false], ['StatefulSet', set.metadata.uid, true]],
  );
  assert.equal(canonicalJson(adopted.data), canonicalJson(stored.data));
  await assert.rejects(new ApiHistory(c).adoptControllerRevision(set, { ...stored, metadata: { ...stored.metadata, ownerReferences: undefined, uid: 'other' } }));
});
