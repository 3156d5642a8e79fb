import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import type { KubeObject } from '../apimachinery/types.js';
import { ControllerRefManager, getControllerOf, isControlledBy, newControllerRef, recheckDeletionTimestamp } from './owner.js';

const gvk = { apiVersion: 'apps/v1', kind: 'StatefulSet' };

async function setup() {
  const c = new FakeClient();
  const set = await c.create<KubeObject>(at(R.statefulsets, "ns"), { metadata: { name: "web" }, spec: {} });
  const other = await c.create<KubeObject>(at(R.statefulsets, "ns"), { metadata: { name: "other" }, spec: {} });
  const mk = (name: string, labels: Record<string, string>, owner?: KubeObject) =>
    c.create<KubeObject>(at(R.pods, "ns"), { metadata: { name, labels, ownerReferences: owner ? [newControllerRef(owner, gvk)] : undefined }, spec: {} });
  return { c, set, other, mk };
}

test('controller-ref helpers', async () => {
  const { set, other } = await setup();
  const pod = { metadata: { ownerReferences: [{ ...newControllerRef(set, gvk) }, { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'z' }] } };
  assert.equal(getControllerOf(pod)?.uid, set.metadata.uid);
  assert.ok(isControlledBy(pod, set));
  assert.ok(!isControlledBy(pod, other));
  assert.deepEqual(newControllerRef(set, gvk), { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true });
});

test('claim adopts matching orphans, releases non-matching owned, ignores others', async () => {
  const { c, set, other, mk } = await setup();
  const orphan = await mk('web-0', { app: 'web' });
  const owned = await mk('web-1', { app: 'web' }, set);
  const stray = await mk('web-2', { app: 'nope' }, set);
  const foreign = await mk('web-3', { app: 'web' }, other);
  const unmatchedOrphan = await mk('web-4', { app: 'nope' });
  c.clearActions();
  const m = new ControllerRefManager({
    client: c,
    controller: set,
    controllerKind: gvk,
    childRef: R.pods,
    matches: (o) => o.metadata.labels?.app === 'web',
    canAdopt: recheckDeletionTimestamp(() => c.get(at(R.statefulsets, 'ns', 'web')), set),
  });
  const claimed = await m.claim([orphan, owned, stray, foreign, unmatchedOrphan]);
  assert.deepEqual(claimed.map((p) => p.metadata.name), ['web-0', 'web-1']);
  const patches = c.actions.filter((a) => a.verb === 'patch');
  assert.deepEqual(patches.map((a) => [a.ref.name, a.patchType, a.patch]), [
    ['web-0', 'strategic', { metadata: { ownerReferences: [newControllerRef(set, gvk)], uid: orphan.metadata.uid } }],
    ['web-2', 'strategic', { metadata: { ownerReferences: [{ $patch: 'delete', uid: set.metadata.uid }], uid: stray.metadata.uid } }],
  ]);
  assert.ok(isControlledBy(await c.get(at(R.pods, 'ns', 'web-0')), set));
  assert.equal((await c.get(at(R.pods, 'ns', 'web-2'))).metadata.ownerReferences?.length ?? 0, 0);
});

test('no adoption when the fresh controller has a different uid', async () => {
  const { c, set, mk } = await setup();
  const orphan = await mk('web-0', { app: 'web' });
  const stale = { ...set, metadata: { ...set.metadata, uid: 'old' } };
  const m = new ControllerRefManager({
    client: c,
    controller: stale,
    controllerKind: gvk,
    childRef: R.pods,
    matches: () => true,
    canAdopt: recheckDeletionTimestamp(() => c.get(at(R.statefulsets, 'ns', 'web')), stale),
  });
  await assert.rejects(m.claim([orphan]), /is gone: got uid/);
});

test('the uid precondition protects a recreated object', async () => {
  const { c, set, mk } = await setup();
  const orphan = await mk('web-0', { app: 'web' });
  await c.delete(at(R.pods, 'ns', 'web-0'));
  await mk('web-0', { app: 'web' });
  const m = new ControllerRefManager({ client: c, controller: set, controllerKind: gvk, childRef: R.pods, matches: () => true });
  await assert.rejects(m.claim([orphan]), /Precondition failed: UID/);
});
