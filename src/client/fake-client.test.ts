import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from './fake-client.js';
import { R, at } from './resources.js';
import type { KubeObject, WatchEvent } from '../apimachinery/types.js';

const tick = () => new Promise((r) => setImmediate(r));
const ss = at(R.statefulsets, 'ns');

test('create assigns uid, rv, generation; AlreadyExists; stale rv conflicts', async () => {
  const c = new FakeClient();
  const a = await c.create<KubeObject>(ss, { metadata: { name: 'a' }, spec: { replicas: 1 } });
  assert.ok(a.metadata.uid);
  assert.equal(a.metadata.generation, 1);
  assert.equal(a.kind, 'StatefulSet');
  await assert.rejects(c.create(ss, { metadata: { name: 'a' } }), /already exists/);
  const b = await c.update<KubeObject>(at(R.statefulsets, 'ns', 'a'), { ...a, spec: { replicas: 2 } });
  assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
  assert.equal(b.metadata.generation, 2);
  await assert.rejects(c.update(at(R.statefulsets, 'ns', 'a'), a), /the object has been modified/);
});

test('status subresource is isolated from the main resource', async () => {
  const c = new FakeClient();
  const a = await c.create<KubeObject>(ss, { metadata: { name: 'a' }, spec: { replicas: 1 } });
  await c.update(at(R.statefulsets, 'ns', 'a', 'status'), { ...a, spec: { replicas: 9 }, status: { replicas: 1 } });
  const got = await c.get(at(R.statefulsets, 'ns', 'a'));
  assert.deepEqual([got.spec.replicas, got.status.replicas, got.metadata.generation], [1, 1, 1]);
  await c.update(at(R.statefulsets, 'ns', 'a'), { ...got, status: { replicas: 5 } });
  assert.equal((await c.get(at(R.statefulsets, 'ns', 'a'))).status.replicas, 1);
});

test('finalizers hold deletion; removing the last one deletes', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), { metadata: { name: 'p', finalizers: ['x'] } });
  await c.delete(at(R.pods, 'ns', 'p'));
  const p = await c.get(at(R.pods, 'ns', 'p'));
  assert.ok(p.metadata.deletionTimestamp);
  await c.patch(at(R.pods, 'ns', 'p'), 'merge', { metadata: { finalizers: null } });
  await assert.rejects(c.get(at(R.pods, 'ns', 'p')), /not found/);
});

test('paging with limit/continue and label selectors', async () => {
  const c = new FakeClient();
  for (let i = 0; i < 5; i++) await c.create(at(R.pods, 'ns'), { metadata: { name: `p${i}`, labels: { even: String(i % 2 === 0) } } });
  const p1 = await c.list(at(R.pods, 'ns'), { limit: 2 });
  assert.equal(p1.items.length, 2);
  assert.equal(p1.metadata.remainingItemCount, 3);
  const p2 = await c.list(at(R.pods, 'ns'), { limit: 10, continue: p1.metadata.continue });
  assert.deepEqual(p2.items.map((o) => o.metadata.name), ['p2', 'p3', 'p4']);
  assert.equal((await c.list(at(R.pods, 'ns'), { labelSelector: 'even=true' })).items.length, 3);
  assert.equal((await c.list(at(R.pods, 'ns'), { fieldSelector: 'metadata.name=p1' })).items.length, 1);
});

test('watch replays from a resourceVersion and answers 410 after compaction', async () => {
  const c = new FakeClient();
  const a = await c.create<KubeObject>(at(R.pods, 'ns'), { metadata: { name: 'a' } });
  await c.create(at(R.pods, 'ns'), { metadata: { name: 'b' } });
  const got: WatchEvent[] = [];
  const h = c.watch(at(R.pods, 'ns'), { resourceVersion: a.metadata.resourceVersion }, (e) => got.push(e));
  await tick();
  assert.deepEqual(got.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED b']);
  h.stop();
  c.compact();
  const errs: WatchEvent[] = [];
  const h2 = c.watch(at(R.pods, 'ns'), { resourceVersion: a.metadata.resourceVersion }, (e) => errs.push(e));
  await h2.done;
  assert.equal(errs[0].type, 'ERROR');
  assert.equal((errs[0].object as any).code, 410);
});

test('strategic merge patch on ownerReferences with the uid precondition', async () => {
  const c = new FakeClient();
  const p = await c.create<KubeObject>(at(R.pods, 'ns'), { metadata: { name: 'p', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u1' }] } });
  await c.patch(at(R.pods, 'ns', 'p'), 'strategic', { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', uid: 'u2', controller: true }], uid: p.metadata.uid } });
  assert.deepEqual((await c.get(at(R.pods, 'ns', 'p'))).metadata.ownerReferences!.map((r) => r.uid), ['u1', 'u2']);
  await c.patch(at(R.pods, 'ns', 'p'), 'strategic', { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'u1' }], uid: p.metadata.uid } });
  assert.deepEqual((await c.get(at(R.pods, 'ns', 'p'))).metadata.ownerReferences!.map((r) => r.uid), ['u2']);
  await assert.rejects(c.patch(at(R.pods, 'ns', 'p'), 'strategic', { metadata: { uid: 'wrong' } }), /Precondition failed: UID/);
});

test('reactors inject failures and actions are recorded', async () => {
  const c = new FakeClient();
  c.failNext('create', 'pods', new Error('boom'));
  await assert.rejects(c.create(at(R.pods, 'ns'), { metadata: { name: 'p' } }), /boom/);
  await c.create(at(R.pods, 'ns'), { metadata: { name: 'p' } });
  assert.deepEqual(c.actions.map((a) => a.verb), ['create', 'create']);
});
