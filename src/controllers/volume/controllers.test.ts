// The volume controllers against the in-memory FakeClient: binding to static volumes (selector,
// size, pre-binding), provisioning through both classes, reclaim Delete/Retain, protection
// finalizers, expansion and the events users see.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../apimachinery/types.js';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { FakeEventRecorder } from '../../controller/events.js';
import { startVolumeControllers } from './controllers.js';

async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw last ?? new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup() {
  const client = new FakeClient();
  const recorder = new FakeEventRecorder();
  const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-vol-'));
  await client.create(at(R.namespaces, undefined), { metadata: { name: 'default' } });
  const ctl = await startVolumeControllers(client, { dataDir, recorder, resyncMs: 200 });
  const getPvc = (name: string) => client.get(at(R.persistentvolumeclaims, 'default', name));
  const getPv = (name: string) => client.get(at(R.persistentvolumes, undefined, name));
  const claim = (name: string, spec: Record<string, unknown>) =>
    client.create(at(R.persistentvolumeclaims, 'default'), {
      metadata: { name, namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', ...spec },
      status: { phase: 'Pending' },
    } as KubeObject);
  const staticPv = (name: string, size: string, extra: Record<string, unknown> = {}, labels?: Record<string, string>) =>
    client.create(R.persistentvolumes, {
      metadata: { name, labels },
      spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: '', volumeMode: 'Filesystem', persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/tmp/${name}` }, ...extra },
    } as KubeObject);
  const phaseIs = async (get: () => Promise<KubeObject>, phase: string) => (await get()).status?.phase === phase;
  return { client, recorder, dataDir, ctl, getPvc, getPv, claim, staticPv, phaseIs };
}

test('creates the built-in classes: standard (default, WaitForFirstConsumer) and shared (Immediate)', async () => {
  const t = await setup();
  try {
    const std = await t.client.get(at(R.storageclasses, undefined, 'standard'));
    assert.equal(std.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.deepEqual([std.provisioner, std.volumeBindingMode, std.reclaimPolicy, std.allowVolumeExpansion], ['ordinal.dev/local-path', 'WaitForFirstConsumer', 'Delete', true]);
    const shared = await t.client.get(at(R.storageclasses, undefined, 'shared'));
    assert.deepEqual([shared.provisioner, shared.volumeBindingMode], ['ordinal.dev/shared', 'Immediate']);
  } finally {
    await t.ctl.stop();
  }
});

test('binds a claim to the smallest static PV that fits (size, selector) and marks both sides', async () => {
  const t = await setup();
  try {
    await t.staticPv('big', '10Gi', {}, { tier: 'gold' });
    await t.staticPv('small', '2Gi', {}, { tier: 'gold' });
    await t.staticPv('tiny', '500Mi', {}, { tier: 'gold' });
    await t.staticPv('bronze', '1Gi', {}, { tier: 'bronze' });
    await t.claim('c', { storageClassName: '', selector: { matchLabels: { tier: 'gold' } } });
    await eventually(() => t.phaseIs(() => t.getPvc('c'), 'Bound'));
    const pvc = await t.getPvc('c');
    assert.equal(pvc.spec.volumeName, 'small');
    assert.equal(pvc.status?.capacity?.storage, '2Gi');
    assert.deepEqual(pvc.status?.accessModes, ['ReadWriteOnce']);
    assert.equal(pvc.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pvc.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.deepEqual(pvc.metadata.finalizers, ['kubernetes.io/pvc-protection']);
    await eventually(() => t.phaseIs(() => t.getPv('small'), 'Bound'));
    const pv = await t.getPv('small');
    assert.equal(pv.spec.claimRef.uid, pvc.metadata.uid);
    assert.equal(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    await eventually(async () => (await t.getPv('big')).status?.phase === 'Available' && (await t.getPv('big')).metadata.finalizers?.includes('kubernetes.io/pv-protection'));
  } finally {
    await t.ctl.stop();
  }
});

test('a claim without a match and without a class waits with FailedBinding; a requested volume that is too small gives VolumeMismatch', async () => {
  const t = await setup();
  try {
    await t.claim('none', { storageClassName: '' });
    await eventually(() => t.recorder.events.includes('Normal FailedBinding no persistent volumes available for this claim and no storage class is set'));
    await t.staticPv('small', '100Mi');
    await t.claim('named', { storageClassName: '', volumeName: 'small' });
    await eventually(() => t.recorder.events.includes('Warning VolumeMismatch Cannot bind to requested volume "small": requested PV is too small'));
    assert.equal((await t.getPvc('named')).status?.phase, 'Pending');
  } finally {
    await t.ctl.stop();
  }
});

test('a PV pre-bound to a claim (claimRef without uid, as a user writes it) is the one it gets, and the binding is not marked bound-by-controller', async () => {
  const t = await setup();
  try {
    await t.staticPv('reserved', '5Gi', { claimRef: { namespace: 'default', name: 'mine' } });
    await t.staticPv('other', '1Gi');
    await t.claim('mine', { storageClassName: '' });
    await eventually(() => t.phaseIs(() => t.getPvc('mine'), 'Bound'));
    assert.equal((await t.getPvc('mine')).spec.volumeName, 'reserved');
    assert.equal((await t.getPv('reserved')).metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);
  } finally {
    await t.ctl.stop();
  }
});

test('shared: provisions pvc-<uid> at once, annotates the claim with the provisioner and creates the directory', async () => {
  const t = await setup();
  try {
    const created = await t.claim('s', { storageClassName: 'shared' });
    await eventually(() => t.phaseIs(() => t.getPvc('s'), 'Bound'));
    const pvc = await t.getPvc('s');
    const name = `pvc-${created.metadata.uid}`;
    assert.equal(pvc.spec.volumeName, name);
    assert.equal(pvc.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], 'ordinal.dev/shared');
    assert.equal(pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-provisioner'], 'ordinal.dev/shared');
    const pv = await t.getPv(name);
    assert.equal(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'], 'ordinal.dev/shared');
    assert.deepEqual([pv.spec.capacity.storage, pv.spec.persistentVolumeReclaimPolicy, pv.spec.storageClassName, pv.spec.nodeAffinity], ['1Gi', 'Delete', 'shared', undefined]);
    assert.equal(pv.spec.hostPath.path, join(t.dataDir, 'volumes', name));
    assert.ok(existsSync(pv.spec.hostPath.path));
    assert.ok(t.recorder.events.some((e) => e.startsWith("Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ordinal.dev/shared'")));
    assert.ok(t.recorder.events.includes('Normal Provisioning External provisioner is provisioning volume for claim "default/s"'));
    assert.ok(t.recorder.events.includes(`Normal ProvisioningSucceeded Successfully provisioned volume ${name}`));
  } finally {
    await t.ctl.stop();
  }
});

test('standard: waits for the first consumer, then provisions on the selected node with node affinity', async () => {
  const t = await setup();
  try {
    await t.claim('w', { storageClassName: 'standard' });
    await eventually(() => t.recorder.events.includes('Normal WaitForFirstConsumer waiting for first consumer to be created before binding'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await t.client.list(R.persistentvolumes)).items.length, 0);
    await t.client.patch(at(R.persistentvolumeclaims, 'default', 'w'), 'merge', { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } } });
    await eventually(() => t.phaseIs(() => t.getPvc('w'), 'Bound'));
    const pv = await t.getPv((await t.getPvc('w')).spec.volumeName);
    assert.deepEqual(pv.spec.nodeAffinity, { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] } });
    assert.equal(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'], 'ordinal.dev/local-path');
  } finally {
    await t.ctl.stop();
  }
});

test('standard refuses ReadWriteMany with ProvisioningFailed; an unknown class is reported', async () => {
  const t = await setup();
  try {
    await t.claim('rwx', { storageClassName: 'standard', accessModes: ['ReadWriteMany'] });
    await t.client.patch(at(R.persistentvolumeclaims, 'default', 'rwx'), 'merge', { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } } });
    await eventually(() => t.recorder.events.some((e) => e.startsWith('Warning ProvisioningFailed failed to provision volume with StorageClass "standard": NodePath only supports')));
    await t.claim('ghost', { storageClassName: 'nope' });
    await eventually(() => t.recorder.events.includes('Warning ProvisioningFailed storageclass.storage.k8s.io "nope" not found'));
  } finally {
    await t.ctl.stop();
  }
});

test('reclaim Delete removes directory and PV once the claim is gone; Retain leaves the PV Released', async () => {
  const t = await setup();
  try {
    await t.client.create(R.storageclasses, { metadata: { name: 'keep' }, provisioner: 'ordinal.dev/shared', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate' } as KubeObject);
    await t.claim('del', { storageClassName: 'shared' });
    await t.claim('ret', { storageClassName: 'keep' });
    await eventually(async () => (await t.phaseIs(() => t.getPvc('del'), 'Bound')) && t.phaseIs(() => t.getPvc('ret'), 'Bound'));
    const delPv = await t.getPv((await t.getPvc('del')).spec.volumeName);
    const retPv = await t.getPv((await t.getPvc('ret')).spec.volumeName);
    await t.client.delete(at(R.persistentvolumeclaims, 'default', 'del'));
    await t.client.delete(at(R.persistentvolumeclaims, 'default', 'ret'));
    await eventually(async () => (await t.client.list(R.persistentvolumes)).items.every((pv) => pv.metadata.name !== delPv.metadata.name));
    assert.equal(existsSync(delPv.spec.hostPath.path), false);
    await eventually(() => t.phaseIs(() => t.getPv(retPv.metadata.name as string), 'Released'));
    assert.ok(existsSync(retPv.spec.hostPath.path));
  } finally {
    await t.ctl.stop();
  }
});

test('a static Delete volume nobody provisioned fails with VolumeFailedDelete when released', async () => {
  const t = await setup();
  try {
    await t.staticPv('manual', '1Gi', { persistentVolumeReclaimPolicy: 'Delete' });
    await t.claim('m', { storageClassName: '' });
    await eventually(() => t.phaseIs(() => t.getPvc('m'), 'Bound'));
    await t.client.delete(at(R.persistentvolumeclaims, 'default', 'm'));
    await eventually(() => t.phaseIs(() => t.getPv('manual'), 'Failed'));
    assert.ok(t.recorder.events.includes('Warning VolumeFailedDelete error getting deleter volume plugin for volume "manual": no deletable volume plugin matched'));
  } finally {
    await t.ctl.stop();
  }
});

test('pvc-protection holds a deleted claim while a scheduled pod uses it; pv-protection holds a bound PV', async () => {
  const t = await setup();
  try {
    await t.claim('p', { storageClassName: 'shared' });
    await eventually(() => t.phaseIs(() => t.getPvc('p'), 'Bound'));
    const pvName = (await t.getPvc('p')).spec.volumeName;
    await eventually(async () => (await t.getPv(pvName)).metadata.finalizers?.includes('kubernetes.io/pv-protection'));
    await t.client.create(at(R.pods, 'default'), { metadata: { name: 'user', namespace: 'default' }, spec: { nodeName: 'node-1', volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'p' } }] }, status: { phase: 'Running' } } as KubeObject);
    await t.client.delete(at(R.persistentvolumes, undefined, pvName));
    await t.client.delete(at(R.persistentvolumeclaims, 'default', 'p'));
    await new Promise((r) => setTimeout(r, 150));
    assert.ok((await t.getPvc('p')).metadata.deletionTimestamp, 'claim is being deleted but still there');
    assert.ok((await t.getPv(pvName)).metadata.deletionTimestamp, 'bound PV is being deleted but still there');
    await t.client.delete(at(R.pods, 'default', 'user'));
    await eventually(async () => (await t.client.list(at(R.persistentvolumeclaims, 'default'))).items.length === 0);
    await eventually(async () => (await t.client.list(R.persistentvolumes)).items.length === 0);
  } finally {
    await t.ctl.stop();
  }
});

test('expansion grows the PV, then the claim status.capacity, with Resizing and VolumeResizeSuccessful events', async () => {
  const t = await setup();
  try {
    await t.claim('g', { storageClassName: 'shared' });
    await eventually(() => t.phaseIs(() => t.getPvc('g'), 'Bound'));
    await t.client.patch(at(R.persistentvolumeclaims, 'default', 'g'), 'merge', { spec: { resources: { requests: { storage: '4Gi' } } } });
    await eventually(async () => (await t.getPvc('g')).status?.capacity?.storage === '4Gi');
    const pvc = await t.getPvc('g');
    assert.equal((await t.getPv(pvc.spec.volumeName)).spec.capacity.storage, '4Gi');
    assert.equal(pvc.status?.allocatedResources?.storage, '4Gi');
    assert.equal(pvc.status?.conditions, undefined);
    assert.ok(t.recorder.events.includes(`Normal Resizing External resizer is resizing volume ${pvc.spec.volumeName}`));
    assert.ok(t.recorder.events.includes('Normal VolumeResizeSuccessful Resize volume succeeded'));
  } finally {
    await t.ctl.stop();
  }
});
