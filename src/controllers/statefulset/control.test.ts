import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, R } from '../../client/resources.js';
import { Harness, newStatefulSet, type Mode } from './test-harness.js';
import { getOrdinal, getPodRevision } from './utils.js';

const modes: Mode[] = ['Monotonic', 'Burst'];
const podNames = async (h: Harness) => (await h.pods()).map((p) => p.metadata.name);
const created = (h: Harness) => h.client.actions.filter((a) => a.verb === 'create' && a.ref.resource === 'pods').map((a) => a.object!.metadata.name);
const deleted = (h: Harness) => h.client.actions.filter((a) => a.verb === 'delete' && a.ref.resource === 'pods').map((a) => a.ref.name);

for (const mode of modes) {
  describe(`StatefulSetControl ${mode}`, () => {
    test('CreatesPods', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode));
      await h.converge(mode);
      assert.deepEqual(await podNames(h), ['web-0', 'web-1', 'web-2']);
      const st = (await h.set()).status!;
      assert.equal(st.readyReplicas, 3);
      assert.equal(st.availableReplicas, 3);
      assert.equal(st.observedGeneration, 1);
      assert.match(st.updateRevision!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
      assert.deepEqual(created(h), ['web-0', 'web-1', 'web-2']);
      assert.ok(h.events.events.includes('Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful'));
      assert.ok(h.events.events.includes('Normal SuccessfulCreate create Claim datadir-web-0 Pod web-0 in StatefulSet web success'));
      const pod = (await h.pods())[1];
      assert.equal(pod.spec!.hostname, 'web-1');
      assert.equal(pod.spec!.subdomain, 'governingsvc');
      assert.equal(pod.metadata.labels!['statefulset.kubernetes.io/pod-name'], 'web-1');
      assert.equal(pod.metadata.labels!['apps.kubernetes.io/pod-index'], '1');
      assert.equal(pod.metadata.labels!['controller-revision-hash'], st.updateRevision);
      assert.deepEqual(pod.spec!.volumes, [
        { name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-web-1', readOnly: false } },
        { name: 'home', hostPath: { path: '/tmp/home' } },
      ]);
    });

    test('ScalesUp', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode));
      await h.converge(mode);
      await h.scaleTo(mode, 5);
      assert.deepEqual(await podNames(h), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    });

    test('ScalesDown highest ordinal first', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 5, mode));
      await h.converge(mode);
      h.client.clearActions();
      await h.scaleTo(mode, 2);
      assert.deepEqual(await podNames(h), ['web-0', 'web-1']);
      if (mode === 'Monotonic') assert.deepEqual(deleted(h), ['web-4', 'web-3', 'web-2']);
      else assert.deepEqual([...deleted(h)].sort(), ['web-2', 'web-3', 'web-4']);
      assert.equal(h.claims().length, 5, 'Retain keeps claims');
    });

    test('ReplacesPods', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 5, mode));
      await h.converge(mode);
      const uids = (await h.pods()).map((p) => p.metadata.uid);
      await h.deletePod('web-0');
      await h.deletePod('web-2');
      await h.deletePod('web-4');
      await h.converge(mode);
      const after = await h.pods();
      assert.deepEqual(after.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
      assert.notEqual(after[0].metadata.uid, uids[0]);
      assert.equal(after[1].metadata.uid, uids[1]);
    });

    test('RecreatesFailedPod', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode));
      await h.converge(mode);
      const before = (await h.pods())[0].metadata.uid;
      await h.setStatus('web-0', { phase: 'Failed' });
      h.client.clearActions();
      await h.sync();
      assert.deepEqual(deleted(h), ['web-0']);
      await h.converge(mode);
      assert.notEqual((await h.pods())[0].metadata.uid, before);
    });

    test('waits for terminating pods', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode));
      await h.converge(mode);
      await h.terminate('web-1');
      h.client.clearActions();
      await h.sync();
      assert.deepEqual(created(h), [], 'a terminating pod is never replaced before it is gone');
    });

    test('RollingUpdate in reverse ordinal order; rollback reuses the old revision', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode));
      await h.converge(mode);
      const first = (await h.set()).status!.currentRevision!;
      await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:2' }]));
      h.client.clearActions();
      await h.converge(mode);
      assert.deepEqual(deleted(h), ['web-2', 'web-1', 'web-0']);
      const second = (await h.set()).status!;
      assert.notEqual(second.currentRevision, first);
      assert.ok((await h.pods()).every((p) => getPodRevision(p) === second.updateRevision && (p.spec as any).containers[0].image === 'nginx:2'));
      // Roll back: the prior revision is reused with a bumped revision number.
      await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:1' }]));
      await h.converge(mode);
      const third = (await h.set()).status!;
      assert.equal(third.updateRevision, first);
      assert.equal(third.currentRevision, first);
      assert.equal(h.revisions().length, 2);
      assert.equal(h.revisions().find((r) => r.metadata.name === first)!.revision, 3);
    });

    test('RollingUpdate with partition only updates ordinals >= partition; deleted low pods come back at current', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
      await h.converge(mode);
      const cur = (await h.set()).status!.currentRevision;
      await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:2' }]));
      for (let i = 0; i < 10; i++) {
        await h.sync();
        await h.readyAll();
      }
      const st = (await h.set()).status!;
      const revs = (await h.pods()).map(getPodRevision);
      assert.deepEqual(revs, [cur, cur, st.updateRevision]);
      assert.equal(st.currentRevision, cur, 'not complete while partitioned');
      await h.deletePod('web-0');
      for (let i = 0; i < 4; i++) {
        await h.sync();
        await h.readyAll();
      }
      assert.equal(getPodRevision((await h.pods())[0]), cur);
      await h.mutate((s) => (s.spec.updateStrategy!.rollingUpdate!.partition = 0));
      await h.converge(mode);
      assert.ok((await h.pods()).every((p) => getPodRevision(p) === st.updateRevision));
    });

    test('OnDelete never replaces pods by itself; recreated pods get the update revision', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode, { updateStrategy: { type: 'OnDelete' } }));
      for (let i = 0; i < 8; i++) {
        await h.sync();
        await h.readyAll();
      }
      const cur = (await h.set()).status!.currentRevision;
      await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:2' }]));
      h.client.clearActions();
      for (let i = 0; i < 4; i++) await h.sync();
      assert.deepEqual(deleted(h), []);
      const st = (await h.set()).status!;
      assert.notEqual(st.updateRevision, cur);
      assert.equal(st.currentRevision, cur);
      await h.deletePod('web-1');
      for (let i = 0; i < 4; i++) {
        await h.sync();
        await h.readyAll();
      }
      assert.deepEqual((await h.pods()).map(getPodRevision), [cur, st.updateRevision, cur]);
    });

    test('PVC retention Delete/Delete: in-range claims owned by the set, condemned claims by the pod', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 3, mode, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
      await h.converge(mode);
      const set = await h.set();
      for (const c of h.claims()) assert.deepEqual(c.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      // Scale down with pod-2 held terminating: its claim is re-owned by the pod before deletion.
      await h.mutate((s) => (s.spec.replicas = 2));
      await h.sync();
      const pod2 = (await h.pods()).find((p) => p.metadata.name === 'web-2');
      const claim2 = h.claims().find((c) => c.metadata.name === 'datadir-web-2')!;
      assert.deepEqual(claim2.metadata.ownerReferences?.map((r) => [r.kind, r.name]), [['Pod', 'web-2']]);
      assert.equal(pod2, undefined, 'the condemned pod was deleted in the same sync');
    });

    test('PVC retention Retain/Delete keeps set refs and Retain/Retain removes them', async () => {
      const h = new Harness();
      await h.create(newStatefulSet('web', 2, mode, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
      await h.converge(mode);
      assert.ok(h.claims().every((c) => c.metadata.ownerReferences?.[0]?.kind === 'StatefulSet'));
      await h.mutate((s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' }));
      await h.sync();
      assert.ok(h.claims().every((c) => (c.metadata.ownerReferences ?? []).length === 0));
    });
  });
}

describe('StatefulSetControl ordering specifics', () => {
  test('a set being deleted writes no revision back: only its status is kept', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 2, 'Monotonic'));
    await h.converge('Monotonic');
    const revision = (await h.set()).status!.updateRevision;
    // Deleted in the foreground: the finalizer keeps it, with a deletionTimestamp, until the
    // garbage collector is done with its dependents.
    await h.mutate((s) => (s.metadata.finalizers = ['foregroundDeletion']));
    await h.client.delete(at(R.statefulsets, 'default', 'web'));
    assert.ok((await h.set()).metadata.deletionTimestamp);
    // The garbage collector deleted the history meanwhile.
    for (const r of h.revisions()) await h.client.delete(at(R.controllerrevisions, 'default', r.metadata.name));
    const before = h.client.actions.length;
    await h.sync();
    const writes = h.client.actions.slice(before).filter((a) => a.verb !== 'get' && a.verb !== 'list');
    assert.deepEqual(writes.filter((a) => a.ref.resource !== 'statefulsets' || a.ref.subresource !== 'status'), [], 'at most a status write');
    assert.deepEqual(h.revisions(), []);
    assert.equal((await h.set()).status!.updateRevision, revision, 'the revision it would have written, by name');
  });

  test('OrderedReady creates one pod per sync and waits for readiness', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 3, 'Monotonic'));
    await h.sync();
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0']);
    await h.runAndReady('web-0');
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0', 'web-1']);
  });

  test('OrderedReady scale-down halts while a kept pod is unhealthy', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 3, 'Monotonic'));
    await h.converge('Monotonic');
    await h.notReady('web-0');
    await h.mutate((s) => (s.spec.replicas = 1));
    h.client.clearActions();
    await h.sync();
    assert.deepEqual(deleted(h), []);
  });

  test('Parallel creates all pods in one sync (slow-start batches 1, 2)', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 3, 'Burst'));
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0', 'web-1', 'web-2']);
  });

  test('Parallel stops after a failing batch', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 7, 'Burst'));
    h.client.failNext('create', 'pods', new Error('quota'), 1);
    const err = await h.trySync();
    assert.match(String((err as Error).message), /quota/);
    assert.equal((await h.pods()).length, 0, 'the first batch (size 1) failed: nothing more is tried');
    assert.ok(h.events.events.some((e) => e.startsWith('Warning FailedCreate create Pod web-0 in StatefulSet web failed error: quota')));
  });

  test('claims are created before the pod', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 1, 'Monotonic'));
    await h.sync();
    const order = h.client.actions.filter((a) => a.verb === 'create' && (a.ref.resource === 'pods' || a.ref.resource === 'persistentvolumeclaims')).map((a) => a.ref.resource);
    assert.deepEqual(order, ['persistentvolumeclaims', 'pods']);
  });

  test('a claim failure means no pod this round', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 1, 'Monotonic'));
    h.client.failNext('create', 'persistentvolumeclaims', new Error('no storage'));
    await h.trySync();
    assert.equal((await h.pods()).length, 0);
    assert.ok(h.events.events.some((e) => e.startsWith('Warning FailedCreate create Claim datadir-web-0 for Pod web-0 in StatefulSet web failed error: no storage')));
  });

  test('maxUnavailable 2 (Parallel) replaces two pods at a time, highest first', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 5, 'Burst', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } }));
    await h.converge('Burst');
    await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:2' }]));
    h.client.clearActions();
    await h.sync();
    assert.deepEqual(deleted(h), ['web-4', 'web-3']);
    await h.sync(); // recreated, not ready yet: budget used up
    assert.deepEqual(deleted(h), ['web-4', 'web-3']);
    await h.converge('Burst');
  });

  test('maxUnavailable percentage rounds down with a minimum of 1', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 3, 'Burst', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: '50%' } } }));
    await h.converge('Burst');
    await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: 'nginx:2' }]));
    h.client.clearActions();
    await h.sync();
    assert.deepEqual(deleted(h), ['web-2']);
  });

  test('minReadySeconds gates availability and OrderedReady progress', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 2, 'Monotonic', { minReadySeconds: 10 }));
    await h.sync();
    await h.runAndReady('web-0');
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0']);
    assert.equal((await h.set()).status!.availableReplicas, 0);
    h.clock.step(11_000);
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0', 'web-1']);
    assert.equal((await h.set()).status!.availableReplicas, 1);
  });

  test('OrderedReady scale-down deletes a condemned pod that is Ready but not yet Available (it is the first unavailable)', async () => {
    // upstream picks firstUnavailablePod with isUnavailable(pod, minReadySeconds), so a freshly Ready
    // condemned pod does not hold a scale-down for minReadySeconds.
    const h = new Harness();
    await h.create(newStatefulSet('web', 3, 'Monotonic', { minReadySeconds: 10 }));
    for (const name of ['web-0', 'web-1', 'web-2']) {
      await h.sync();
      await h.runAndReady(name);
      if (name !== 'web-2') h.clock.step(11_000);
    }
    await h.sync();
    assert.deepEqual(await podNames(h), ['web-0', 'web-1', 'web-2']);
    await h.mutate((s) => (s.spec.replicas = 2));
    h.client.clearActions();
    await h.sync();
    assert.deepEqual(deleted(h), ['web-2']);
  });

  test('ordinals.start shifts the pod range', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 2, 'Burst', { ordinals: { start: 3 } }));
    await h.converge('Burst');
    assert.deepEqual(await podNames(h), ['web-3', 'web-4']);
    await h.mutate((s) => (s.spec.ordinals = { start: 0 }));
    await h.converge('Burst');
    assert.deepEqual(await podNames(h), ['web-0', 'web-1']);
  });

  test('identity and storage are repaired on existing pods', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 1, 'Burst'));
    await h.converge('Burst');
    const p = (await h.pods())[0];
    delete p.metadata.labels!['statefulset.kubernetes.io/pod-name'];
    await h.client.update({ ...R.pods, namespace: 'default', name: 'web-0' }, p);
    await h.sync();
    assert.equal((await h.pods())[0].metadata.labels!['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.ok(h.events.events.includes('Normal SuccessfulUpdate update Pod web-0 in StatefulSet web successful'));
  });

  test('history is truncated to revisionHistoryLimit non-live revisions', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 1, 'Burst', { revisionHistoryLimit: 1 }));
    for (const img of ['a', 'b', 'c', 'd']) {
      await h.mutate((s) => (s.spec.template.spec!.containers = [{ name: 'nginx', image: img }]));
      await h.converge('Burst');
    }
    await h.sync(); // the sync that completed the rollout still saw the old current revision as live
    assert.equal(h.revisions().length, 2, 'live + 1 historic');
  });

  test('status is written through /status and currentRevision completes only when all updated', async () => {
    const h = new Harness();
    await h.create(newStatefulSet('web', 2, 'Burst'));
    await h.converge('Burst');
    const statusWrites = h.client.actions.filter((a) => a.verb === 'update' && a.ref.subresource === 'status' && a.ref.resource === 'statefulsets');
    assert.ok(statusWrites.length > 0);
    assert.equal(getOrdinal((await h.pods())[1]), 1);
  });
});
