// Volumes as a user sees them through kubectl: the built-in StorageClasses, Immediate binding of
// `shared` claims, the WaitForFirstConsumer flow of `standard` claims with the scheduler (PV pinned
// to the pod's node, a real directory under the data dir that outlives the pod), reclaim Delete
// and Retain, and expansion.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const pvc = (name: string, cls: string, size = '1Gi') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  storageClassName: ${cls}
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: ${size}
`;

const pod = (name: string, claim: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
`;

describe('volumes', () => {
  let sb: TestSandbox;
  const json = async (args: string[]) => JSON.parse(await sb.k([...args, '-o', 'json']));
  const phase = (kind: string, name: string) => sb.k(['get', kind, name, '-o', 'jsonpath={.status.phase}']).catch(() => '');

  sandboxPerSuite({}, (started) => {
    sb = started;
  });

  it('has the default local-path class `standard` and the NFS-like class `shared`', async () => {
    const out = await sb.k(['get', 'storageclass']);
    assert.match(out, /standard \(default\)\s+ordinal\.dev\/local-path\s+Delete\s+WaitForFirstConsumer\s+true/);
    assert.match(out, /shared\s+ordinal\.dev\/shared\s+Delete\s+Immediate\s+true/);
  });

  it('binds a `shared` claim immediately to a provisioned, unpinned PV', async () => {
    await sb.apply(pvc('shared-claim', 'shared'));
    await eventually(async () => (await phase('pvc', 'shared-claim')) === 'Bound', { message: 'shared claim bound' });
    const claim = await json(['get', 'pvc', 'shared-claim']);
    const pvName = claim.spec.volumeName;
    assert.equal(pvName, `pvc-${claim.metadata.uid}`);
    assert.equal(claim.metadata.annotations['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(claim.metadata.annotations['volume.kubernetes.io/storage-provisioner'], 'ordinal.dev/shared');
    assert.ok(claim.metadata.finalizers.includes('kubernetes.io/pvc-protection'));
    const pv = await json(['get', 'pv', pvName]);
    assert.equal(pv.metadata.annotations['pv.kubernetes.io/provisioned-by'], 'ordinal.dev/shared');
    assert.equal(pv.spec.nodeAffinity, undefined);
    assert.ok(existsSync(pv.spec.hostPath.path));
    assert.equal(pv.spec.hostPath.path, join(sb.dataDir, 'volumes', pvName));
    const table = await sb.k(['get', 'pvc', 'shared-claim']);
    assert.match(table, new RegExp(`shared-claim\\s+Bound\\s+${pvName}\\s+1Gi\\s+RWO\\s+shared`));
    const pvTable = await sb.k(['get', 'pv', pvName]);
    assert.match(pvTable, new RegExp(`${pvName}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/shared-claim\\s+shared`));
    const events = await sb.k(['get', 'events', '--field-selector', 'involvedObject.name=shared-claim']);
    assert.match(events, /ProvisioningSucceeded/);
  });

  it('keeps a `standard` claim Pending until a pod uses it, then pins its PV to the pod\'s node; data survives the pod', async () => {
    await sb.apply(pvc('data', 'standard'));
    await eventually(async () => /WaitForFirstConsumer.*waiting for first consumer to be created before binding/.test(await sb.k(['get', 'events', '--field-selector', 'involvedObject.name=data'])), { message: 'WaitForFirstConsumer event' });
    assert.equal(await phase('pvc', 'data'), 'Pending');
    await sb.apply(pod('user', 'data'));
    const node = await eventually(async () => (await sb.k(['get', 'pod', 'user', '-o', 'jsonpath={.spec.nodeName}'])) || undefined, { message: 'pod scheduled' });
    await eventually(async () => (await phase('pvc', 'data')) === 'Bound', { message: 'standard claim bound' });
    const claim = await json(['get', 'pvc', 'data']);
    assert.equal(claim.metadata.annotations['volume.kubernetes.io/selected-node'], node);
    const pv = await json(['get', 'pv', claim.spec.volumeName]);
    assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0], { key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
    writeFileSync(join(pv.spec.hostPath.path, 'hello.txt'), 'kept');

    await sb.k(['delete', 'pod', 'user', '--wait=false']);
    await eventually(async () => (await sb.kubectl(['get', 'pod', 'user'])).code !== 0, { timeoutMs: 30_000, message: 'pod gone' });
    await sb.apply(pod('user', 'data'));
    const node2 = await eventually(async () => (await sb.k(['get', 'pod', 'user', '-o', 'jsonpath={.spec.nodeName}'])) || undefined, { message: 'pod rescheduled' });
    assert.equal(node2, node, 'the pinned PV keeps the pod on its node');
    assert.equal((await json(['get', 'pvc', 'data'])).spec.volumeName, pv.metadata.name);
    assert.equal(readFileSync(join(pv.spec.hostPath.path, 'hello.txt'), 'utf8'), 'kept');
  });

  it('holds a deleted claim while a pod uses it (pvc-protection), then deletes PV and directory (Delete)', async () => {
    const claim = await json(['get', 'pvc', 'data']);
    const pv = await json(['get', 'pv', claim.spec.volumeName]);
    await sb.k(['delete', 'pvc', 'data', '--wait=false']);
    await eventually(async () => /Terminating/.test(await sb.k(['get', 'pvc', 'data'])), { message: 'claim Terminating' });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await sb.kubectl(['get', 'pvc', 'data'])).code, 0, 'claim still exists while the pod uses it');
    await sb.k(['delete', 'pod', 'user', '--wait=false']);
    await eventually(async () => (await sb.kubectl(['get', 'pvc', 'data'])).code !== 0, { timeoutMs: 30_000, message: 'claim gone' });
    await eventually(async () => (await sb.kubectl(['get', 'pv', pv.metadata.name])).code !== 0, { message: 'PV deleted' });
    assert.equal(existsSync(pv.spec.hostPath.path), false, 'directory removed');
  });

  it('leaves a Retain volume Released with its directory', async () => {
    await sb.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: shared-retain
provisioner: ordinal.dev/shared
reclaimPolicy: Retain
`);
    await sb.apply(pvc('keep', 'shared-retain'));
    await eventually(async () => (await phase('pvc', 'keep')) === 'Bound', { message: 'retain claim bound' });
    const pvName = (await json(['get', 'pvc', 'keep'])).spec.volumeName;
    await sb.k(['delete', 'pvc', 'keep']);
    await eventually(async () => (await phase('pv', pvName)) === 'Released', { message: 'PV Released' });
    assert.match(await sb.k(['get', 'pv', pvName]), new RegExp(`${pvName}\\s+1Gi\\s+RWO\\s+Retain\\s+Released\\s+default/keep`));
    assert.ok(existsSync(join(sb.dataDir, 'volumes', pvName)));
  });

  it('binds a claim to a matching static PV and expands a bound claim', async () => {
    await sb.apply(`apiVersion: v1
kind: PersistentVolume
metadata:
  name: static-1
  labels: {tier: gold}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  hostPath: {path: /tmp/static-1}
`);
    await sb.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: static-claim
spec:
  storageClassName: ""
  selector: {matchLabels: {tier: gold}}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
`);
    await eventually(async () => (await phase('pvc', 'static-claim')) === 'Bound', { message: 'static claim bound' });
    const claim = await json(['get', 'pvc', 'static-claim']);
    assert.equal(claim.spec.volumeName, 'static-1');
    assert.equal(claim.status.capacity.storage, '5Gi');
    assert.equal(claim.metadata.annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal((await json(['get', 'pv', 'static-1'])).metadata.annotations['pv.kubernetes.io/bound-by-controller'], 'yes');

    await sb.apply(pvc('grow', 'shared'));
    await eventually(async () => (await phase('pvc', 'grow')) === 'Bound', { message: 'grow bound' });
    await sb.k(['patch', 'pvc', 'grow', '-p', '{"spec":{"resources":{"requests":{"storage":"3Gi"}}}}']);
    await eventually(async () => (await json(['get', 'pvc', 'grow'])).status.capacity?.storage === '3Gi', { message: 'claim capacity grown' });
    const grown = await json(['get', 'pvc', 'grow']);
    assert.equal((await json(['get', 'pv', grown.spec.volumeName])).spec.capacity.storage, '3Gi');
    assert.equal(grown.status.conditions, undefined);
  });

  it('ran without failed reconciles in the volume controllers', () => {
    const ours = ['pv-binder-claims', 'pv-binder-volumes', 'provisioner-claims', 'provisioner-volumes', 'pvc-protection', 'pv-protection', 'volume-resizer'];
    const failures = sb
      .logs()
      .split('\n')
      .filter((l) => l.includes('reconcile failed') && ours.some((c) => l.includes(`"controller":"${c}"`)));
    assert.deepEqual(failures, []);
  });
});
