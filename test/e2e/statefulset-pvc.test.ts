// upstream test/e2e/apps/statefulset.go scenarios 18–24 of the reference §3: the
// persistentVolumeClaimRetentionPolicy (WhenDeleted / WhenScaled, adoption, claims owned by another
// controller) carried out through ownerReferences and the garbage collector, and re-creation of a
// missing claim for a Pending pod. Claims bind through the sandbox's default StorageClass.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';
import { InvariantChecker } from '../helpers/invariants.js';
import { isRunningAndReady, newStatefulSet, StsEnv, stsSandboxPerSuite } from '../helpers/statefulset.js';

describe('[sig-apps] StatefulSet Non-retain StatefulSetPersistentVolumeClaimPolicy', { concurrency: 4 }, () => {
  let sb: TestSandbox;
  let env: StsEnv;
  let checker: InvariantChecker;
  stsSandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (suite) => ({ sb, env, checker } = suite));

  const claims = async (ns: string) => (await env.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.filter((c) => !c.metadata!.deletionTimestamp);
  const claimNames = async (ns: string) => (await claims(ns)).map((c) => c.metadata!.name!).sort();
  const waitClaims = (ns: string, want: string[], message: string) =>
    eventually(async () => (await claimNames(ns)).join() === want.join(), { timeoutMs: 30_000, message: `${message} (want ${want.join(', ') || 'none'})` });
  const claim = (ns: string, name: string) => env.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name });
  const patchClaim = (ns: string, name: string, patch: unknown) => env.merge(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`, patch);
  const policy = (whenDeleted: string, whenScaled: string) => ({ persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } });
  const scale = async (ns: string, replicas: number) => {
    await env.patchSet(ns, 'ss', { spec: { replicas } });
    await env.waitPods(ns, (ps) => ps.length === replicas && ps.every((p) => isRunningAndReady(p) && !p.metadata!.deletionTimestamp), `scaled to ${replicas}`);
  };
  const configMap = (ns: string) => env.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'owner' } } });
  const refTo = (o: { metadata?: k8s.V1ObjectMeta; apiVersion?: string; kind?: string }, controller: boolean): k8s.V1OwnerReference => ({
    apiVersion: o.apiVersion ?? 'v1',
    kind: o.kind ?? 'ConfigMap',
    name: o.metadata!.name!,
    uid: o.metadata!.uid!,
    controller,
  });

  it('should delete PVCs with a WhenDeleted policy', async () => {
    const ns = await env.namespace('pvc-deleted');
    const set = await env.create(newStatefulSet('ss', ns, 3, { claims: true, extra: policy('Delete', 'Retain') }));
    await env.waitRunningAndReady(ns, 3);
    for (let i = 0; i < 3; i++) {
      const c = await eventually(async () => {
        const x = await claim(ns, `datadir-ss-${i}`);
        return (x.metadata!.ownerReferences ?? []).length > 0 && x;
      }, { message: `datadir-ss-${i} owned` });
      assert.deepEqual(
        c.metadata!.ownerReferences!.map((r) => [r.kind, r.uid, r.controller]),
        [['StatefulSet', set.metadata!.uid, true]],
        'a set controller ref, no pod ref',
      );
    }
    await sb.k(['delete', 'statefulset', 'ss', '-n', ns]);
    await waitClaims(ns, [], 'all claims deleted with the set');
  });

  it('should delete PVCs with a OnScaledown policy', async () => {
    const ns = await env.namespace('pvc-scaled');
    await env.create(newStatefulSet('ss', ns, 3, { claims: true, extra: policy('Retain', 'Delete') }));
    await env.waitRunningAndReady(ns, 3);
    await scale(ns, 1);
    await waitClaims(ns, ['datadir-ss-0'], 'only claim 0 remains');
    await checker.assertClean();
  });

  it('should not delete PVC with OnScaledown policy if another controller owns the PVC', async () => {
    const ns = await env.namespace('pvc-other');
    await env.create(newStatefulSet('ss', ns, 2, { claims: true, extra: policy('Retain', 'Delete') }));
    await env.waitRunningAndReady(ns, 2);
    const cm = await configMap(ns);
    await patchClaim(ns, 'datadir-ss-1', { metadata: { ownerReferences: [refTo(cm, true)] } });
    await scale(ns, 0);
    await waitClaims(ns, ['datadir-ss-1'], 'claim 1 survives (owned by another controller)');
    await patchClaim(ns, 'datadir-ss-1', { metadata: { ownerReferences: null } });
    await scale(ns, 2);
    await waitClaims(ns, ['datadir-ss-0', 'datadir-ss-1'], 'claims 0 and 1');
    await scale(ns, 1);
    await waitClaims(ns, ['datadir-ss-0'], 'claim 1 deleted on scale down');
    await checker.assertClean();
  });

  it('should delete PVCs after adopting pod (WhenDeleted)', async () => {
    const ns = await env.namespace('pvc-adopt-del');
    await env.create(newStatefulSet('ss', ns, 3, { claims: true, extra: policy('Delete', 'Retain') }));
    await env.waitRunningAndReady(ns, 3);
    await env.patchPod(ns, 'ss-2', { metadata: { ownerReferences: null } });
    await scale(ns, 0);
    await sb.k(['delete', 'statefulset', 'ss', '-n', ns]);
    await waitClaims(ns, [], 'all claims deleted');
  });

  it('should delete PVCs after adopting pod (WhenScaled)', async () => {
    const ns = await env.namespace('pvc-adopt-scaled');
    await env.create(newStatefulSet('ss', ns, 3, { claims: true, extra: policy('Retain', 'Delete') }));
    await env.waitRunningAndReady(ns, 3);
    await env.patchPod(ns, 'ss-2', { metadata: { ownerReferences: null } });
    await scale(ns, 1);
    await waitClaims(ns, ['datadir-ss-0'], 'only claim 0 remains');
    await checker.assertClean();
  });

  it('should not delete PVCs when there is another controller', async () => {
    const ns = await env.namespace('pvc-controllers');
    const set = await env.create(newStatefulSet('ss', ns, 4, { claims: true }));
    await env.waitRunningAndReady(ns, 4);
    const cm = await configMap(ns);
    const stale: k8s.V1OwnerReference = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'unknown', uid: '9d86d6ae-4e06-4ff1-bc55-f77f52e272e9', controller: true };
    await patchClaim(ns, 'datadir-ss-1', { metadata: { ownerReferences: [refTo(cm, false)] } });
    await patchClaim(ns, 'datadir-ss-3', { metadata: { ownerReferences: [stale], finalizers: ['kubernetes.io/pvc-protection', 'test.example.com/hold'] } });
    const refs = async (i: number) => ((await claim(ns, `datadir-ss-${i}`)).metadata!.ownerReferences ?? []).map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, controller: !!r.controller, blockOwnerDeletion: !!r.blockOwnerDeletion }));
    const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ss', uid: set.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    const cmRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: cm.metadata!.uid!, controller: false, blockOwnerDeletion: false };
    const staleRef = { ...stale, blockOwnerDeletion: false };
    // Retain/Retain: the controller leaves these refs alone.
    await env.patchSet(ns, 'ss', { metadata: { annotations: { touch: '1' } } });
    await env.consistently(async () => JSON.stringify([await refs(1), await refs(3)]) === JSON.stringify([[cmRef], [staleRef]]), 800, 'refs untouched under Retain');
    await env.patchSet(ns, 'ss', { spec: policy('Delete', 'Retain') });
    await eventually(async () => JSON.stringify(await refs(0)) === JSON.stringify([setRef]) && JSON.stringify(await refs(2)) === JSON.stringify([setRef]), { message: 'claims 0 and 2 owned by the set' });
    await eventually(async () => JSON.stringify(await refs(1)) === JSON.stringify([cmRef, setRef]), { message: 'claim 1 gets the set ref beside the ConfigMap ref' });
    assert.deepEqual(await refs(3), [staleRef], 'claim 3 with a conflicting controller is left alone');
    // A claim whose set ref lost `controller` is reconciled back after the next set update.
    await patchClaim(ns, 'datadir-ss-0', { metadata: { ownerReferences: [{ ...setRef, controller: false }] } });
    await env.patchSet(ns, 'ss', { metadata: { annotations: { touch: '2' } } });
    await eventually(async () => JSON.stringify(await refs(0)) === JSON.stringify([setRef]), { message: 'claim 0 controller ref restored' });
    await sb.k(['delete', 'statefulset', 'ss', '-n', ns]);
    await eventually(async () => {
      const left = (await env.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.map((c) => c.metadata!.name!).sort();
      return left.join() === 'datadir-ss-1,datadir-ss-3';
    }, { timeoutMs: 30_000, message: 'claims 1 and 3 remain after the set is deleted' });
    await patchClaim(ns, 'datadir-ss-3', { metadata: { finalizers: null } }); // let it go
  });
});

describe('[sig-apps] StatefulSet Automatically recreate PVC for pending pod when PVC is missing', () => {
  let sb: TestSandbox;
  let env: StsEnv;
  sandboxPerSuite({ timeScale: 0.02, nodes: 2 }, (started) => {
    sb = started;
    env = new StsEnv(sb);
  });

  it('PVC should be recreated when pod is pending due to missing PVC [Disruptive][Serial]', async () => {
    const ns = await env.namespace('pvc-pending');
    const set = newStatefulSet('ss', ns, 1, { claims: true });
    set.spec!.template.spec!.nodeSelector = { 'kubernetes.io/hostname': 'node-0' };
    await env.create(set);
    const [pod] = await env.waitRunningAndReady(ns, 1);
    const node = pod.spec!.nodeName!;
    const oldClaim = await env.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name: 'datadir-ss-0' });
    await sb.k(['cordon', node]);
    await env.deletePod(ns, 'ss-0', 0);
    await env.waitPods(ns, (ps) => ps.length === 1 && ps[0].metadata!.uid !== pod.metadata!.uid && ps[0].status?.phase === 'Pending', 're-created pod Pending on the cordoned node');
    await env.core.deleteNamespacedPersistentVolumeClaim({ namespace: ns, name: 'datadir-ss-0' });
    await eventually(async () => {
      const c = await env.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name: 'datadir-ss-0' }).catch(() => undefined);
      return c && c.metadata!.uid !== oldClaim.metadata!.uid;
    }, { timeoutMs: 30_000, message: 'claim re-created for the pending pod' });
    await sb.k(['uncordon', node]);
    const [again] = await env.waitRunningAndReady(ns, 1);
    assert.equal(again.spec!.nodeName, node);
  });
});
