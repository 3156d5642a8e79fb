// upstream test/e2e/apps/statefulset.go, Describe "Basic StatefulSet functionality
// [StatefulSetBasic]" (scenarios 1–9 of the reference §3), black-box against one sandbox: identity,
// adoption/release, no deadlock, rolling updates and rollbacks (with and without PVCs), canary and
// phased partitions, partition 1 with a stuck/failed pod-0, and OnDelete. Readiness is flipped with
// the node agent's `sim.ordinal.dev/ready` annotation; an invariant checker watches every pod event.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../helpers/sandbox.js';
import { InvariantChecker } from '../helpers/invariants.js';
import { IMAGE, imageOf, isRunningAndReady, NEW_IMAGE, newStatefulSet, revisionOf, StsEnv, stsSandboxPerSuite } from '../helpers/statefulset.js';

describe('[sig-apps] StatefulSet Basic StatefulSet functionality [StatefulSetBasic]', { concurrency: 3 }, () => {
  let env: StsEnv;
  let checker: InvariantChecker;
  stsSandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (suite) => ({ env, checker } = suite));

  /** upstream Saturate: pods become Running, then Ready, strictly one at a time. */
  async function saturate(ns: string, replicas: number): Promise<void> {
    for (let i = 0; i < replicas; i++) {
      const ps = await env.waitPods(ns, (p) => p.length === i + 1 && p[i].status?.phase === 'Running' && p.slice(0, i).every(isRunningAndReady), `pod ${i} Running with ${i} ready`);
      assert.equal(isRunningAndReady(ps[i]), false, 'a paused pod must not be Ready');
      await env.setReady(ns, ps[i].metadata!.name!, true); // ResumeNextPod
    }
    await env.waitRunningAndReady(ns, replicas);
  }

  it('should provide basic identity', async () => {
    const ns = await env.namespace('basic-identity');
    await env.create(newStatefulSet('ss', ns, 3, { claims: true, paused: true }));
    await saturate(ns, 3);
    const set = await env.get(ns, 'ss');
    assert.equal(set.spec!.serviceName, 'test');
    const before = await env.pods(ns);
    const claims = new Map<string, string>();
    for (const p of before) {
      assert.equal(p.spec!.hostname, p.metadata!.name, 'hostname == pod name');
      assert.equal(p.spec!.subdomain, 'test');
      const vol = p.spec!.volumes!.find((v) => v.name === 'datadir');
      assert.equal(vol?.persistentVolumeClaim?.claimName, `datadir-${p.metadata!.name}`);
      const pvc = await env.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name: `datadir-${p.metadata!.name}` });
      claims.set(pvc.metadata!.name!, `${pvc.metadata!.uid}/${pvc.spec!.volumeName}`);
    }
    // Restart: the same claims (and volumes) come back to the same ordinals.
    await env.restart(ns, 'ss', 3);
    await saturate(ns, 3);
    for (const p of await env.pods(ns)) {
      const pvc = await env.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name: `datadir-${p.metadata!.name}` });
      assert.equal(`${pvc.metadata!.uid}/${pvc.spec!.volumeName}`, claims.get(pvc.metadata!.name!), `${pvc.metadata!.name} survived the restart`);
      assert.notEqual(p.metadata!.uid, before.find((b) => b.metadata!.name === p.metadata!.name)!.metadata!.uid);
    }
    await checker.assertClean();
  });

  it('should adopt matching orphans and release non-matching pods', async () => {
    const ns = await env.namespace('adopt');
    const set = await env.create(newStatefulSet('ss', ns, 1));
    const owned = (uid: string) => async () => {
      const p = await env.pod(ns, 'ss-0');
      const ref = p?.metadata!.ownerReferences?.find((r) => r.controller);
      return !!ref && ref.kind === 'StatefulSet' && ref.name === 'ss' && ref.uid === uid;
    };
    await eventually(owned(set.metadata!.uid!), { message: 'pod has a controllerRef to the set' });
    await env.patchPod(ns, 'ss-0', { metadata: { ownerReferences: null } });
    await eventually(owned(set.metadata!.uid!), { message: 'orphan re-adopted' });
    const labels = { ...(await env.pod(ns, 'ss-0'))!.metadata!.labels! };
    await env.patchPod(ns, 'ss-0', { metadata: { labels: null } });
    await eventually(async () => {
      const p = await env.pod(ns, 'ss-0');
      return !!p && !(p.metadata!.ownerReferences ?? []).some((r) => r.controller);
    }, { message: 'pod with non-matching labels released' });
    await env.patchPod(ns, 'ss-0', { metadata: { labels } });
    await eventually(owned(set.metadata!.uid!), { message: 'pod with matching labels re-adopted' });
    await checker.assertClean();
  });

  it("should not deadlock when a pod's predecessor fails", async () => {
    const ns = await env.namespace('deadlock');
    await env.create(newStatefulSet('ss', ns, 2, { paused: true }));
    await env.waitPods(ns, (p) => p.length === 1 && p[0].status?.phase === 'Running', 'pod 0 Running');
    await env.setReady(ns, 'ss-0', true);
    let ps = await env.waitPods(ns, (p) => p.length === 2 && p[1].status?.phase === 'Running' && isRunningAndReady(p[0]), 'pod 1 Running');
    const uid0 = ps[0].metadata!.uid;
    await env.deletePod(ns, 'ss-0', 0);
    // pod-0 comes back although pod-1 is unready (its continue-file survives on its volume: resume it).
    await env.waitPods(ns, (p) => p.length === 2 && p[0].metadata!.uid !== uid0 && p[0].status?.phase === 'Running', 'pod 0 re-created');
    await env.setReady(ns, 'ss-0', true);
    ps = await env.waitPods(ns, (p) => p.length === 2 && p.every((x) => x.status?.phase === 'Running') && isRunningAndReady(p[0]), '2 running, 1 ready');
    assert.equal(isRunningAndReady(ps[1]), false, 'pod 1 is still unready');
    await env.setReady(ns, 'ss-1', true);
    await env.waitRunningAndReady(ns, 2);
    await checker.assertClean();
  });

  /** upstream rollbackTest. */
  async function rollbackTest(ns: string, claims: boolean): Promise<void> {
    await env.create(newStatefulSet('ss', ns, 3, { claims }));
    await env.waitRunningAndReady(ns, 3);
    let set = await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 3 && !!s.status.currentRevision, 'ready 3');
    assert.equal(set.status!.currentRevision, set.status!.updateRevision);
    const prior = set.status!.currentRevision!;
    for (const p of await env.pods(ns)) assert.equal(revisionOf(p), prior);

    const roll = async (image: string, expectRevision?: string): Promise<string> => {
      await env.setReady(ns, 'ss-1', false);
      await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 2, 'pod 1 NotReady');
      await env.patchSet(ns, 'ss', { spec: { template: { spec: { containers: [{ name: 'webserver', image }] } } } });
      set = await env.waitObserved(ns, 'ss');
      const { currentRevision, updateRevision } = set.status!;
      assert.notEqual(currentRevision, updateRevision, 'a new update revision');
      if (expectRevision) assert.equal(updateRevision, expectRevision, 'rollback reuses the prior revision');
      // Nothing progresses while pod 1 is unready (maxUnavailable 1 is used up).
      await env.consistently(async () => (await env.pods(ns)).every((p) => revisionOf(p) === currentRevision && !p.metadata!.deletionTimestamp), 1000, 'no pod updated while pod 1 is unready');
      const mark = checker.podHistory(ns).length;
      await env.setReady(ns, 'ss-1', true);
      set = await env.waitSet(ns, 'ss', (s) => s.status?.currentRevision === updateRevision && s.status?.readyReplicas === 3 && s.status?.updatedReplicas === 3, 'rolling update complete', 45_000);
      const ps = await env.waitRunningAndReady(ns, 3);
      for (const p of ps) {
        assert.equal(imageOf(p), image);
        assert.equal(revisionOf(p), updateRevision);
      }
      await checker.settle();
      const deletions = checker.podHistory(ns).slice(mark).filter((e, i, all) => e.terminating && all.findIndex((x) => x.uid === e.uid && x.terminating) === i);
      assert.deepEqual(deletions.map((e) => e.name), ['ss-2', 'ss-1', 'ss-0'], 'updated in reverse ordinal order');
      return updateRevision!;
    };
    await roll(NEW_IMAGE);
    const back = await roll(IMAGE, prior);
    assert.equal(back, prior);
    assert.equal((await env.get(ns, 'ss')).status!.currentRevision, prior);
    await checker.assertClean();
  }

  it('should perform rolling updates and roll backs of template modifications with PVCs', async () => {
    await rollbackTest(await env.namespace('rollback-pvc'), true);
  });

  it('should perform rolling updates and roll backs of template modifications [Conformance]', async () => {
    await rollbackTest(await env.namespace('rollback'), false);
  });

  it('should perform canary updates and phased rolling updates of template modifications [Conformance]', async () => {
    const ns = await env.namespace('canary');
    await env.create(newStatefulSet('ss2', ns, 3, { extra: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 3 } } } }));
    await env.waitRunningAndReady(ns, 3, 'ss2');
    const created = await env.waitSet(ns, 'ss2', (s) => s.status?.readyReplicas === 3, 'ready');
    const current = created.status!.currentRevision!;
    await env.patchSet(ns, 'ss2', { spec: { template: { spec: { containers: [{ name: 'webserver', image: NEW_IMAGE }] } } } });
    const set = await env.waitObserved(ns, 'ss2');
    const update = set.status!.updateRevision!;
    assert.notEqual(update, current, 'a new revision');
    assert.equal(set.status!.currentRevision, current);
    await env.consistently(async () => (await env.pods(ns, 'ss2')).every((p) => revisionOf(p) === current && imageOf(p) === IMAGE), 800, 'partition 3: no pod changes');

    const atPartition = async (partition: number) => {
      await env.patchSet(ns, 'ss2', { spec: { updateStrategy: { rollingUpdate: { partition } } } });
      await env.waitPods(ns, (ps) => ps.length === 3 && ps.every((p, i) => isRunningAndReady(p) && !p.metadata!.deletionTimestamp && revisionOf(p) === (i >= partition ? update : current)), `pods ≥ ${partition} updated`, 'ss2');
      for (const [i, p] of (await env.pods(ns, 'ss2')).entries()) assert.equal(imageOf(p), i >= partition ? NEW_IMAGE : IMAGE);
    };
    await atPartition(2); // canary
    // Deleted pods are restored to the revision their side of the partition asks for.
    const old = await env.pods(ns, 'ss2');
    await env.deletePod(ns, 'ss2-0', 0);
    await env.deletePod(ns, 'ss2-2', 0);
    const ps = await env.waitPods(ns, (p) => p.length === 3 && p[0].metadata!.uid !== old[0].metadata!.uid && p[2].metadata!.uid !== old[2].metadata!.uid && p.every(isRunningAndReady), 'pods 0 and 2 re-created', 'ss2');
    assert.equal(revisionOf(ps[0]), current);
    assert.equal(imageOf(ps[0]), IMAGE);
    assert.equal(revisionOf(ps[2]), update);
    assert.equal(imageOf(ps[2]), NEW_IMAGE);
    await atPartition(1); // phased
    await atPartition(0);
    await env.waitSet(ns, 'ss2', (s) => s.status?.currentRevision === update && s.status.updatedReplicas === 3, 'currentRevision == updateRevision');
    await checker.assertClean();
  });

  /** upstream "partiton1 and delete pod-0": pod-0 held by a finalizer; with `failing` it ends Failed. */
  async function partitionOneDeletePodZero(ns: string, failing: boolean): Promise<void> {
    await env.create(newStatefulSet('ss', ns, 3, { extra: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } } }));
    await env.waitRunningAndReady(ns, 3);
    const current = (await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 3, 'ready')).status!.currentRevision!;
    await env.patchPod(ns, 'ss-0', { metadata: { finalizers: ['testing/finalizer'] } });
    await env.patchSet(ns, 'ss', { spec: { template: { spec: { containers: [{ name: 'webserver', image: NEW_IMAGE }] } } } });
    await env.waitSet(ns, 'ss', (s) => s.status?.updatedReplicas === 2 && s.status.replicas === 3 && s.status.readyReplicas === 3, 'updatedReplicas == replicas-1, ready 3', 45_000);
    let ps = await env.pods(ns);
    assert.deepEqual(ps.map(imageOf), [IMAGE, NEW_IMAGE, NEW_IMAGE]);
    const uid0 = ps[0].metadata!.uid;
    await env.deletePod(ns, 'ss-0');
    if (failing) {
      // The sidecar exits 1 on SIGTERM: the pod ends Failed while its finalizer holds it. On a loaded
      // machine the node agent may already have stopped it (terminal phases are final): then it is
      // terminated all the same, which is what the scenario needs.
      await env.merge(`/api/v1/namespaces/${ns}/pods/ss-0/status`, { status: { phase: 'Failed' } }).catch((e: Error) => {
        if (!/cannot transition from (Succeeded|Failed)/.test(String(e?.message ?? e))) throw e;
      });
    }
    await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 2, 'readyReplicas == 2 while pod-0 is terminating');
    assert.equal((await env.pod(ns, 'ss-0'))!.metadata!.uid, uid0, 'no replacement while pod-0 is still terminating');
    await env.patchPod(ns, 'ss-0', { metadata: { finalizers: null } });
    ps = await env.waitPods(ns, (p) => p.length === 3 && p[0].metadata!.uid !== uid0 && p.every(isRunningAndReady), 'pod-0 re-created');
    assert.equal(revisionOf(ps[0]), current, 'pod-0 comes back at the current revision');
    assert.equal(imageOf(ps[0]), IMAGE);
    await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 3, 'ready 3');
    await checker.assertClean();
  }

  it('should perform canary updates and phased rolling updates of template modifications for partiton1 and delete pod-0 without failing container', async () => {
    await partitionOneDeletePodZero(await env.namespace('part1'), false);
  });

  it('should perform canary updates and phased rolling updates of template modifications for partiton1 and delete pod-0 with failing container', async () => {
    await partitionOneDeletePodZero(await env.namespace('part1-fail'), true);
  });

  it('should implement legacy replacement when the update strategy is OnDelete', async () => {
    const ns = await env.namespace('ondelete');
    await env.create(newStatefulSet('ss', ns, 3, { extra: { updateStrategy: { type: 'OnDelete' } } }));
    let ps = await env.waitRunningAndReady(ns, 3);
    const current = (await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 3, 'ready')).status!.currentRevision!;
    const recreateAll = async () => {
      const uids = ps.map((p) => p.metadata!.uid);
      for (const p of ps) await env.deletePod(ns, p.metadata!.name!, 0);
      return env.waitPods(ns, (p) => p.length === 3 && p.every((x, i) => x.metadata!.uid !== uids[i] && isRunningAndReady(x)), 'all pods re-created');
    };
    ps = await recreateAll();
    for (const p of ps) assert.equal(revisionOf(p), current);
    await env.patchSet(ns, 'ss', { spec: { template: { spec: { containers: [{ name: 'webserver', image: NEW_IMAGE }] } } } });
    const set = await env.waitObserved(ns, 'ss');
    const update = set.status!.updateRevision!;
    assert.notEqual(update, current);
    await env.consistently(async () => (await env.pods(ns)).every((p) => revisionOf(p) === current && !p.metadata!.deletionTimestamp), 800, 'OnDelete leaves pods alone');
    ps = await recreateAll();
    for (const p of ps) {
      assert.equal(imageOf(p), NEW_IMAGE);
      assert.equal(revisionOf(p), update);
    }
    await checker.assertClean();
  });
});
