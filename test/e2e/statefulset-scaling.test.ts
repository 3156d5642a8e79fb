// upstream test/e2e/apps/statefulset.go scenarios 10–17 and 25–28 of the reference §3: predictable
// (OrderedReady) and burst (Parallel) scaling with unhealthy pods, recreation of a failed pod, the
// scale and status subresources, list/patch/delete-collection, minReadySeconds/availableReplicas,
// and spec.ordinals.start. One sandbox; a namespace per test; an invariant checker on all pod events.
// minReadySeconds is real controller time (the sandbox only scales kubelet delays), so the windows
// upstream waits out (30 s) are shortened to a few seconds; what is asserted is the same.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { eventually, rawRequest, type TestSandbox } from '../helpers/sandbox.js';
import { InvariantChecker } from '../helpers/invariants.js';
import { IMAGE, imageOf, isRunningAndReady, names, NEW_IMAGE, newStatefulSet, StsEnv, stsSandboxPerSuite } from '../helpers/statefulset.js';

describe('[sig-apps] StatefulSet scaling, subresources, minReadySeconds and start ordinal', { concurrency: 4 }, () => {
  let sb: TestSandbox;
  let env: StsEnv;
  let checker: InvariantChecker;
  stsSandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (suite) => ({ sb, env, checker } = suite));

  /** First "starts terminating" event per pod after history index `mark`. */
  const deletionOrder = (ns: string, mark: number) =>
    checker
      .podHistory(ns)
      .slice(mark)
      .filter((e, i, all) => (e.terminating || e.type === 'DELETED') && all.findIndex((x) => x.uid === e.uid && (x.terminating || x.type === 'DELETED')) === i)
      .map((e) => e.name);

  it('Scaling should happen in predictable order and halt if any stateful pod is unhealthy [Slow] [Conformance]', async () => {
    const ns = await env.namespace('predictable');
    await env.create(newStatefulSet('ss', ns, 1));
    await env.waitRunningAndReady(ns, 1);
    // Scale up halts while pod 0 is unhealthy.
    await env.setAllReady(ns, false);
    await env.waitSet(ns, 'ss', (s) => (s.status?.readyReplicas ?? 0) === 0, 'readyReplicas 0');
    await env.patchSet(ns, 'ss', { spec: { replicas: 3 } });
    await env.consistently(async () => (await env.pods(ns)).length === 1, 1500, 'scale up halts at 1 pod');
    await env.setAllReady(ns, true);
    await env.waitRunningAndReady(ns, 3);
    await checker.settle();
    assert.deepEqual(checker.order(ns, 'ADDED'), ['ss-0', 'ss-1', 'ss-2'], 'pods created in ordinal order');
    // Scale down halts while pods are unhealthy, then goes highest ordinal first.
    await env.setAllReady(ns, false);
    await env.waitSet(ns, 'ss', (s) => (s.status?.readyReplicas ?? 0) === 0, 'readyReplicas 0');
    const mark = checker.podHistory(ns).length;
    await env.patchSet(ns, 'ss', { spec: { replicas: 0 } });
    await env.consistently(async () => (await env.pods(ns)).filter((p) => !p.metadata!.deletionTimestamp).length === 3, 1500, 'scale down halts at 3 pods');
    await env.setAllReady(ns, true);
    await env.waitPods(ns, (ps) => ps.length === 0, 'all pods deleted');
    await checker.settle();
    assert.deepEqual(deletionOrder(ns, mark), ['ss-2', 'ss-1', 'ss-0'], 'pods deleted in reverse ordinal order');
    await checker.assertClean();
  });

  it('Burst scaling should run to completion even with unhealthy pods [Slow] [Conformance]', async () => {
    const ns = await env.namespace('burst');
    await env.create(newStatefulSet('ss', ns, 1, { extra: { podManagementPolicy: 'Parallel' } }));
    await env.waitRunningAndReady(ns, 1);
    await env.setAllReady(ns, false);
    await env.waitSet(ns, 'ss', (s) => (s.status?.readyReplicas ?? 0) === 0, 'readyReplicas 0');
    await env.patchSet(ns, 'ss', { spec: { replicas: 3 } });
    await env.waitPods(ns, (ps) => ps.length === 3 && ps.every((p) => p.status?.phase === 'Running'), '3 pods despite unhealthy pod 0');
    await env.setAllReady(ns, true);
    await env.waitRunningAndReady(ns, 3);
    await env.setAllReady(ns, false);
    await env.waitSet(ns, 'ss', (s) => (s.status?.readyReplicas ?? 0) === 0, 'readyReplicas 0');
    await env.patchSet(ns, 'ss', { spec: { replicas: 0 } });
    await env.waitPods(ns, (ps) => ps.length === 0, 'scale down to 0 despite unhealthy pods');
    await env.waitSet(ns, 'ss', (s) => (s.status?.replicas ?? 0) === 0, 'status.replicas 0');
    await checker.assertClean();
  });

  it('Should recreate evicted statefulset [Conformance]', async () => {
    const ns = await env.namespace('evicted');
    await env.create(newStatefulSet('ss', ns, 1));
    const [pod] = await env.waitRunningAndReady(ns, 1);
    const mark = checker.podHistory(ns).length;
    // The kubelet rejects the pod (a hostPort conflict upstream): it ends Failed.
    await env.merge(`/api/v1/namespaces/${ns}/pods/ss-0/status`, { status: { phase: 'Failed', reason: 'NodePorts', message: 'Pod was rejected: node(s) didn\'t have free ports' } });
    const [again] = await env.waitPods(ns, (ps) => ps.length === 1 && ps[0].metadata!.uid !== pod.metadata!.uid && isRunningAndReady(ps[0]), 'ss-0 re-created and Running');
    assert.equal(again.metadata!.name, 'ss-0');
    await checker.settle();
    assert.ok(checker.podHistory(ns).slice(mark).some((e) => e.type === 'DELETED' && e.uid === pod.metadata!.uid), 'the failed pod was deleted');
    await checker.assertClean();
  });

  it('should have a working scale subresource [Conformance]', async () => {
    const ns = await env.namespace('scale');
    await env.create(newStatefulSet('ss', ns, 1));
    await env.waitRunningAndReady(ns, 1);
    const path = `/apis/apps/v1/namespaces/${ns}/statefulsets/ss/scale`;
    const scale = await eventually(async () => {
      const r = await rawRequest(sb, 'GET', path);
      return r.json?.status?.replicas === 1 && r.json;
    }, { message: 'scale status.replicas 1' });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.spec.replicas, 1);
    const put = await rawRequest(sb, 'PUT', path, { body: JSON.stringify({ ...scale, metadata: { ...scale.metadata, resourceVersion: '' }, spec: { replicas: 2 } }), contentType: 'application/json' });
    assert.equal(put.status, 200, put.body);
    assert.equal((await env.get(ns, 'ss')).spec!.replicas, 2);
    await env.merge(path, { spec: { replicas: 4 } }, 'application/strategic-merge-patch+json');
    assert.equal((await env.get(ns, 'ss')).spec!.replicas, 4);
    await env.waitRunningAndReady(ns, 4);
    await checker.assertClean();
  });

  it('should list, patch and delete a collection of StatefulSets [Conformance]', async () => {
    const ns = await env.namespace('collection');
    await env.create(newStatefulSet('ss', ns, 1));
    await env.waitRunningAndReady(ns, 1);
    await env.patchSet(ns, 'ss', { metadata: { labels: { 'test-ss': 'patched' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'webserver', image: NEW_IMAGE }] } } } });
    const ps = await env.waitRunningAndReady(ns, 2);
    await env.waitPods(ns, (p) => p.length === 2 && p.every((x) => imageOf(x) === NEW_IMAGE && isRunningAndReady(x)), 'patched image rolled out');
    assert.equal(ps.length, 2);
    const listed = await env.apps.listStatefulSetForAllNamespaces({ labelSelector: 'test-ss=patched' });
    assert.deepEqual(listed.items.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`), [`${ns}/ss`]);
    await env.apps.deleteCollectionNamespacedStatefulSet({ namespace: ns, labelSelector: 'test-ss=patched' });
    await eventually(async () => (await env.apps.listStatefulSetForAllNamespaces({ labelSelector: 'test-ss=patched' })).items.length === 0, { message: 'collection deleted' });
    await checker.assertClean();
  });

  it('should validate Statefulset Status endpoints [Conformance]', async () => {
    const ns = await env.namespace('status');
    await env.create(newStatefulSet('ss', ns, 1));
    await env.waitRunningAndReady(ns, 1);
    await env.patchSet(ns, 'ss', { metadata: { labels: { e2e: 'testing' } } });
    const seen: k8s.V1StatefulSet[] = [];
    const ac = await new k8s.Watch(sb.kc).watch(`/apis/apps/v1/namespaces/${ns}/statefulsets`, { labelSelector: 'e2e=testing' }, (_t, o) => seen.push(o), () => undefined);
    try {
      const statusPath = `/apis/apps/v1/namespaces/${ns}/statefulsets/ss/status`;
      const got = await rawRequest(sb, 'GET', statusPath);
      assert.equal(got.status, 200);
      assert.equal(got.json.metadata.name, 'ss');
      const hasCond = (type: string, extra: Partial<k8s.V1StatefulSetCondition> = {}) => () =>
        seen.some((s) => s.status?.conditions?.some((c) => c.type === type && c.status === 'True' && Object.entries(extra).every(([k, v]) => (c as any)[k] === v)));
      // PUT /status appending a condition (retry on conflict, as upstream's RetryOnConflict).
      await eventually(async () => {
        const cur = (await rawRequest(sb, 'GET', statusPath)).json;
        cur.status.conditions = [...(cur.status.conditions ?? []), { type: 'StatusUpdate', status: 'True', reason: 'E2E', message: 'Set from e2e test' }];
        const r = await rawRequest(sb, 'PUT', statusPath, { body: JSON.stringify(cur), contentType: 'application/json' });
        return r.status === 200;
      }, { message: 'status updated' });
      await eventually(hasCond('StatusUpdate', { reason: 'E2E', message: 'Set from e2e test' }), { message: 'watch observed the StatusUpdate condition' });
      await env.merge(statusPath, { status: { conditions: [{ type: 'StatusPatched', status: 'True' }] } });
      await eventually(hasCond('StatusPatched'), { message: 'watch observed the StatusPatched condition' });
    } finally {
      ac.abort();
    }
  });

  it('MinReadySeconds should be honored when enabled', async () => {
    const ns = await env.namespace('minready');
    await env.create(newStatefulSet('ss', ns, 1, { extra: { minReadySeconds: 2 } }));
    const ready = await env.waitSet(ns, 'ss', (s) => s.status?.readyReplicas === 1, 'ready 1');
    assert.equal(ready.status!.availableReplicas ?? 0, 0, 'not available before minReadySeconds');
    await env.waitSet(ns, 'ss', (s) => s.status?.availableReplicas === 1, 'availableReplicas 1');
  });

  it('AvailableReplicas should get updated accordingly when MinReadySeconds is enabled', async () => {
    const ns = await env.namespace('available');
    await env.create(newStatefulSet('ss', ns, 2, { extra: { minReadySeconds: 3 } }));
    const s0 = await env.waitSet(ns, 'ss', (s) => (s.status?.readyReplicas ?? 0) >= 1, 'pod 0 ready');
    assert.equal(s0.status!.availableReplicas ?? 0, 0, 'availableReplicas 0 within minReadySeconds');
    // OrderedReady: pod 1 waits for pod 0 to be available, not just ready.
    await env.consistently(async () => (await env.pods(ns)).length === 1, 1500, 'pod 1 not created before pod 0 is available');
    await env.waitSet(ns, 'ss', (s) => s.status?.availableReplicas === 2, 'availableReplicas 2');
    await env.patchSet(ns, 'ss', { spec: { minReadySeconds: 3600 } });
    await env.waitSet(ns, 'ss', (s) => (s.status?.availableReplicas ?? 0) === 0, 'availableReplicas drops to 0');
    await env.patchSet(ns, 'ss', { spec: { minReadySeconds: 0 } });
    await env.waitSet(ns, 'ss', (s) => s.status?.availableReplicas === 2, 'availableReplicas back to 2');
    assert.match(await sb.k(['get', 'statefulset', 'ss', '-n', ns, '-o=yaml']), /availableReplicas: 2/);
  });

  it('storm: interleaved scaling, template changes and pod deletions keep identity and order', async () => {
    const ns = await env.namespace('storm');
    await env.create(newStatefulSet('ss', ns, 3));
    await env.waitRunningAndReady(ns, 3);
    const image = (i: string) => ({ spec: { template: { spec: { containers: [{ name: 'webserver', image: i }] } } } });
    // No waiting between steps: the controller sees them in any interleaving.
    await env.patchSet(ns, 'ss', { spec: { replicas: 5 } });
    await env.patchSet(ns, 'ss', image(NEW_IMAGE));
    await env.deletePod(ns, 'ss-1').catch(() => undefined);
    await env.patchSet(ns, 'ss', { spec: { replicas: 2 } });
    await env.patchSet(ns, 'ss', { spec: { replicas: 4 } });
    await sb.k(['delete', 'pod', '-l', 'foo=bar', '-n', ns, '--wait=false']);
    await env.patchSet(ns, 'ss', image(IMAGE));
    await env.patchSet(ns, 'ss', { spec: { replicas: 3 } });
    const set = await env.waitSet(ns, 'ss', (s) => s.status?.observedGeneration === s.metadata!.generation && s.status?.currentRevision === s.status?.updateRevision && s.status?.readyReplicas === 3 && s.status?.updatedReplicas === 3 && s.status?.replicas === 3, 'storm settled', 60_000);
    const ps = await env.waitRunningAndReady(ns, 3);
    assert.deepEqual(names(ps), ['ss-0', 'ss-1', 'ss-2']);
    for (const p of ps) assert.equal(imageOf(p), IMAGE);
    assert.ok(ps.every((p) => p.metadata!.labels!['controller-revision-hash'] === set.status!.updateRevision));
    await checker.assertClean();
  });

  it('RollingUpdate with maxUnavailable 2 keeps at most 2 replicas unavailable and uses both', async () => {
    const ns = await env.namespace('maxunavail');
    await env.create(newStatefulSet('ss', ns, 5, { extra: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } } }));
    await env.waitRunningAndReady(ns, 5);
    await checker.settle();
    const mark = checker.podHistory(ns).length;
    // The controller deletes its two pods one API call after the other, as upstream does; at this
    // time scale a replacement could otherwise be Ready again (40 ms) before a slow disk sync lets
    // the second delete through, and only one pod would be seen down. A readiness delay on the new
    // revision (100 s simulated = 2 s) keeps each replacement unavailable past that window: this
    // machine's disk has stalled for up to 0.7 s, and 0.5 s was once not enough.
    const probe = { initialDelaySeconds: 100 };
    await env.patchSet(ns, 'ss', { spec: { template: { spec: { containers: [{ name: 'webserver', image: NEW_IMAGE, readinessProbe: probe }] } } } });
    await env.waitSet(ns, 'ss', (s) => s.status?.currentRevision === s.status?.updateRevision && s.status?.updatedReplicas === 5 && s.status?.readyReplicas === 5, 'update complete', 45_000);
    await checker.settle();
    const history = checker.podHistory(ns);
    const state = new Map<string, boolean>(); // name → available
    for (const e of history.slice(0, mark)) state.set(e.name, e.type !== 'DELETED' && e.ready && !e.terminating);
    let max = 0;
    for (const e of history.slice(mark)) {
      state.set(e.name, e.type !== 'DELETED' && e.ready && !e.terminating);
      const unavailable = [0, 1, 2, 3, 4].filter((i) => !state.get(`ss-${i}`)).length;
      max = Math.max(max, unavailable);
    }
    assert.equal(max, 2, 'at most (and, with healthy pods, exactly) maxUnavailable pods down at once');
    await checker.assertClean();
  });

  const ordinalsScenario = async (prefix: string, start: number | undefined, next: { start?: number | null; replicas?: number }, expect: [string[], string[]]) => {
    const ns = await env.namespace(prefix);
    await env.create(newStatefulSet('ss', ns, 2, { extra: start === undefined ? {} : { ordinals: { start } } }));
    assert.deepEqual(names(await env.waitRunningAndReady(ns, 2)), expect[0]);
    await env.patchSet(ns, 'ss', { spec: { ordinals: next.start === null ? null : { start: next.start }, ...(next.replicas ? { replicas: next.replicas } : {}) } });
    const ps = await env.waitPods(ns, (p) => names(p).join() === expect[1].join() && p.every((x) => isRunningAndReady(x) && !x.metadata!.deletionTimestamp), `pods ${expect[1].join(', ')}`);
    assert.deepEqual(names(ps), expect[1]);
    const n = expect[1].length;
    await env.waitSet(ns, 'ss', (s) => s.status?.replicas === n && s.status.readyReplicas === n, `status ${n}/${n}`);
    await checker.assertClean();
  };

  it('Scaling StatefulSetStartOrdinal Setting .start.ordinal', () => ordinalsScenario('ord-set', undefined, { start: 2, replicas: 3 }, [['ss-0', 'ss-1'], ['ss-2', 'ss-3', 'ss-4']]));
  it('Scaling StatefulSetStartOrdinal Increasing .start.ordinal', () => ordinalsScenario('ord-inc', 2, { start: 4 }, [['ss-2', 'ss-3'], ['ss-4', 'ss-5']]));
  it('Scaling StatefulSetStartOrdinal Decreasing .start.ordinal', () => ordinalsScenario('ord-dec', 3, { start: 2 }, [['ss-3', 'ss-4'], ['ss-2', 'ss-3']]));
  it('Scaling StatefulSetStartOrdinal Removing .start.ordinal', () => ordinalsScenario('ord-rm', 3, { start: null }, [['ss-3', 'ss-4'], ['ss-0', 'ss-1']]));
});
