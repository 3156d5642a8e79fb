// @kubernetes/client-node 1.x against a real sandbox: informers (list+watch, relist after 410),
// streaming lists, paging, deletecollection, dryRun, generateName, generation, status/spec
// separation, namespace deletion, pods/binding and graceful pod deletion.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { eventually, rawRequest, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const NS = 'cn';

describe('client-node', () => {
  let sb: TestSandbox;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  // No nodes: pods stay unscheduled unless a test binds them itself.
  sandboxPerSuite({ nodes: 0, args: ['--watch-cache-size', '50'] }, async (started) => {
    sb = started;
    core = sb.kc.makeApiClient(k8s.CoreV1Api);
    apps = sb.kc.makeApiClient(k8s.AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });

  it('feeds an informer with add, update and delete, and relists after 410 Expired', async () => {
    const informer = k8s.makeInformer(sb.kc, `/api/v1/namespaces/${NS}/configmaps`, () => core.listNamespacedConfigMap({ namespace: NS }));
    const events: string[] = [];
    informer.on('add', (o) => events.push(`add:${o.metadata!.name}`));
    informer.on('update', (o) => events.push(`update:${o.metadata!.name}:${o.data?.v}`));
    informer.on('delete', (o) => events.push(`delete:${o.metadata!.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'inf' }, data: { v: '1' } } });
      await eventually(() => events.includes('add:inf'), { message: `add seen: ${events}` });
      await core.patchNamespacedConfigMap({ name: 'inf', namespace: NS, body: { data: { v: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await eventually(() => events.includes('update:inf:2'), { message: `update seen: ${events}` });
      await core.deleteNamespacedConfigMap({ name: 'inf', namespace: NS });
      await eventually(() => events.includes('delete:inf'), { message: `delete seen: ${events}` });
      assert.ok((informer as unknown as k8s.ObjectCache<k8s.V1ConfigMap>).list().every((o) => o.metadata!.name !== 'inf'));
    } finally {
      await informer.stop();
    }
    // A watch from before the 50-event window gets 410 Expired; the informer relists and catches up.
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const staleRv = list.metadata!.resourceVersion!;
    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `churn-${i}` } } });
    const r = await rawRequest(sb, 'GET', `/api/v1/namespaces/${NS}/configmaps?watch=true&resourceVersion=${staleRv}&timeoutSeconds=2`);
    const first = JSON.parse(r.body.split('\n')[0]);
    assert.equal(first.type, 'ERROR');
    assert.equal(first.object.code, 410);
    assert.equal(first.object.reason, 'Expired');
    const relisted = k8s.makeInformer(sb.kc, `/api/v1/namespaces/${NS}/configmaps`, () => core.listNamespacedConfigMap({ namespace: NS }));
    await relisted.start();
    try {
      assert.ok((relisted as unknown as k8s.ObjectCache<k8s.V1ConfigMap>).list().some((o) => o.metadata!.name === 'churn-59'), 'relist sees everything');
    } finally {
      await relisted.stop();
    }
  });

  it('streams a list with sendInitialEvents and ends it with the initial-events-end bookmark', async () => {
    const r = await rawRequest(
      sb,
      'GET',
      `/api/v1/namespaces/${NS}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    const events = r.body.trim().split('\n').map((l) => JSON.parse(l));
    const added = events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name);
    assert.ok(added.includes('churn-0') && added.includes('churn-59'), `initial ADDED events: ${added.length}`);
    const endIdx = events.findIndex((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true');
    assert.ok(endIdx > 0, 'initial-events-end bookmark');
    assert.ok(events.slice(0, endIdx).every((e) => e.type === 'ADDED'), 'bookmark comes after every initial event');
    assert.equal(events[endIdx].object.kind, 'ConfigMap');
    // Without NotOlderThan the request is invalid.
    const bad = await rawRequest(sb, 'GET', `/api/v1/namespaces/${NS}/configmaps?watch=true&sendInitialEvents=true`);
    assert.equal(bad.status, 422, bad.body);
  });

  it('pages with limit and continue', async () => {
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedConfigMap({ namespace: NS, limit: 7, _continue: cont });
      names.push(...page.items.map((c) => c.metadata!.name!));
      cont = page.metadata!._continue || undefined;
      if (cont) assert.ok(page.metadata!.remainingItemCount! > 0);
      pages++;
    } while (cont);
    const all = await core.listNamespacedConfigMap({ namespace: NS });
    assert.deepEqual(names, all.items.map((c) => c.metadata!.name));
    assert.equal(pages, Math.ceil(all.items.length / 7));
  });

  it('deletes a collection by label selector', async () => {
    for (const [name, tier] of [['dc-a', 'x'], ['dc-b', 'x'], ['dc-c', 'y']]) {
      await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name, labels: { tier } } } });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: NS, labelSelector: 'tier=x' });
    const left = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'tier' });
    assert.deepEqual(left.items.map((c) => c.metadata!.name), ['dc-c']);
  });

  it('writes nothing under dryRun=All and generates names', async () => {
    const before0 = await core.listNamespacedConfigMap({ namespace: NS });
    const dry = await core.createNamespacedConfigMap({ namespace: NS, dryRun: 'All', body: { metadata: { name: 'dry' }, data: { a: '1' } } });
    assert.equal(dry.metadata!.name, 'dry');
    await core.patchNamespacedConfigMap({ name: 'dc-c', namespace: NS, dryRun: 'All', body: { data: { z: '1' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'dc-c', namespace: NS, dryRun: 'All' });
    const after0 = await core.listNamespacedConfigMap({ namespace: NS });
    assert.deepEqual(after0.items.map((c) => `${c.metadata!.name}@${c.metadata!.resourceVersion}`), before0.items.map((c) => `${c.metadata!.name}@${c.metadata!.resourceVersion}`));
    const gen = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { generateName: 'gen-' } } });
    assert.match(gen.metadata!.name!, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('bumps generation on spec changes only; status and main resource ignore each other', async () => {
    const body: k8s.V1StatefulSet = {
      metadata: { name: 'gen' },
      spec: {
        replicas: 1,
        serviceName: 'gen',
        selector: { matchLabels: { app: 'gen' } },
        template: { metadata: { labels: { app: 'gen' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    };
    const s = await apps.createNamespacedStatefulSet({ namespace: NS, body });
    assert.equal(s.metadata!.generation, 1);
    const labelled = await apps.patchNamespacedStatefulSet({ name: 'gen', namespace: NS, body: { metadata: { labels: { a: 'b' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    assert.equal(labelled.metadata!.generation, 1, 'metadata change does not bump generation');
    const scaled = await apps.patchNamespacedStatefulSet({ name: 'gen', namespace: NS, body: { spec: { replicas: 2 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    assert.equal(scaled.metadata!.generation, 2);
    // Main resource ignores status.
    const ignored = await apps.patchNamespacedStatefulSet({ name: 'gen', namespace: NS, body: { status: { replicas: 7 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    assert.notEqual(ignored.status?.replicas, 7);
    assert.equal(ignored.metadata!.generation, 2);
    // Status subresource ignores spec and does not bump generation.
    const st = await apps.patchNamespacedStatefulSetStatus(
      { name: 'gen', namespace: NS, body: { spec: { replicas: 9 }, status: { replicas: 7, observedGeneration: 2 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.equal(st.status!.replicas, 7);
    assert.equal(st.spec!.replicas, 2);
    assert.equal(st.metadata!.generation, 2);
    // 409 on a stale update.
    await assert.rejects(apps.replaceNamespacedStatefulSet({ name: 'gen', namespace: NS, body: s }), (e: any) => e.code === 409);
    await apps.deleteNamespacedStatefulSet({ name: 'gen', namespace: NS });
  });

  const pod = (name: string): k8s.V1Pod => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

  it('binds a pod with pods/binding and deletes bound pods gracefully, unscheduled ones at once', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('bound') });
    await core.createNamespacedPodBinding({ name: 'bound', namespace: NS, body: { metadata: { name: 'bound' }, target: { kind: 'Node', name: 'ghost-node' } } });
    const bound = await core.readNamespacedPod({ name: 'bound', namespace: NS });
    assert.equal(bound.spec!.nodeName, 'ghost-node');
    // A second binding is refused.
    await assert.rejects(
      core.createNamespacedPodBinding({ name: 'bound', namespace: NS, body: { metadata: { name: 'bound' }, target: { kind: 'Node', name: 'other' } } }),
      (e: any) => e.code === 409,
    );
    const deleted = await core.deleteNamespacedPod({ name: 'bound', namespace: NS });
    assert.ok(deleted.metadata!.deletionTimestamp);
    const still = await core.readNamespacedPod({ name: 'bound', namespace: NS });
    assert.ok(still.metadata!.deletionTimestamp, 'bound pod waits for its node');
    assert.equal(still.metadata!.deletionGracePeriodSeconds, 30);
    await core.deleteNamespacedPod({ name: 'bound', namespace: NS, gracePeriodSeconds: 0 });
    await eventually(async () => (await core.listNamespacedPod({ namespace: NS, fieldSelector: 'metadata.name=bound' })).items.length === 0, { message: 'bound pod gone after grace 0' });
    await core.createNamespacedPod({ namespace: NS, body: pod('loose') });
    await core.deleteNamespacedPod({ name: 'loose', namespace: NS });
    await assert.rejects(core.readNamespacedPod({ name: 'loose', namespace: NS }), (e: any) => e.code === 404);
  });

  it('deletes a namespace with its contents, passing through Terminating', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'c1', finalizers: ['example.com/hold'] } } });
    await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'c2' } } });
    await core.deleteNamespace({ name: 'doomed' });
    const ns = await core.readNamespace({ name: 'doomed' });
    assert.equal(ns.status!.phase, 'Terminating');
    await assert.rejects(core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }), (e: any) => e.code === 403);
    await eventually(async () => (await core.listNamespacedConfigMap({ namespace: 'doomed' })).items.every((c) => c.metadata!.name === 'c1' && c.metadata!.deletionTimestamp), { message: 'contents deleted' });
    await core.patchNamespacedConfigMap({ name: 'c1', namespace: 'doomed', body: { metadata: { finalizers: null } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await eventually(async () => {
      try {
        await core.readNamespace({ name: 'doomed' });
        return false;
      } catch (e: any) {
        return e.code === 404;
      }
    }, { message: 'namespace removed', timeoutMs: 30_000 });
  });
});
