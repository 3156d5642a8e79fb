// Kruise Advanced StatefulSet rolling-update behaviours against the sandbox (ported from
// openkruise/kruise test/e2e/apps/statefulset.go and the controller's unit scenarios): partition as
// the number of pods kept on the old revision, unorderedUpdate priorities (weight and order),
// paused, rollback mid-update, apps.kruise.io/specified-delete, maxUnavailable never exceeded with
// Parallel, InPlaceOnly refusal and InPlaceIfPossible fallback, gracePeriodSeconds, and (beyond
// Kruise) completion when a new tag resolves to the same image digest.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, rawRequest, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';
import { AstsEnv, IMAGE, NEW_IMAGE, asts, names, type PodInfo } from './advanced-statefulset-env.js';

describe('Advanced StatefulSet rolling update', { concurrency: 4 }, () => {
  let sb: TestSandbox;
  let env: AstsEnv;
  sandboxPerSuite({ timeScale: 0.05 }, (started) => {
    sb = started;
    env = new AstsEnv(sb);
  });

  const images = (ps: PodInfo[]) => ps.map((p) => `${p.name}=${p.image}`).join(',');
  const settled = (ps: PodInfo[], n: number) => ps.length === n && ps.every((p) => p.ready && p.gate === 'True');

  it('partition keeps that many pods on the old revision, counted over live ordinals (reserveOrdinals)', async () => {
    const ns = await env.namespace('part');
    await env.create(ns, asts('web', { replicas: 4, reserveOrdinals: [1] }, { updateStrategy: { partition: 2 } }));
    await env.waitRolledOut(ns, 'web');
    await env.setImage(ns, 'web', NEW_IMAGE);
    const ps = await env.waitPods(ns, 'web', (ps) => settled(ps, 4) && ps.filter((p) => p.image === NEW_IMAGE).length === 2, '2 pods updated');
    // live ordinals 0,2,3,4: partition 2 keeps the two lowest live pods (0 and 2).
    assert.equal(images(ps), `web-0=${IMAGE},web-2=${IMAGE},web-3=${NEW_IMAGE},web-4=${NEW_IMAGE}`);
    const s = await env.get(ns, 'web');
    assert.equal(s.status.updatedReplicas, 2);
    assert.equal(s.status.currentReplicas, 2);
    assert.notEqual(s.status.currentRevision, s.status.updateRevision);
    await env.patch(ns, 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await env.waitRolledOut(ns, 'web');
  });

  it('unorderedUpdate weightPriority updates the heaviest pods first', async () => {
    const ns = await env.namespace('weight');
    const priorityStrategy = { weightPriority: [{ weight: 50, matchSelector: { matchLabels: { tier: 'a' } } }, { weight: 30, matchSelector: { matchLabels: { zone: 'x' } } }] };
    await env.create(ns, asts('web', { replicas: 4 }, { updateStrategy: { partition: 2, unorderedUpdate: { priorityStrategy } } }));
    await env.waitRolledOut(ns, 'web');
    await env.patchPod(ns, 'web-0', { metadata: { labels: { tier: 'a' } } }); // 50
    await env.patchPod(ns, 'web-1', { metadata: { labels: { tier: 'a', zone: 'x' } } }); // 80
    await env.patchPod(ns, 'web-3', { metadata: { labels: { zone: 'x' } } }); // 30
    await env.setImage(ns, 'web', NEW_IMAGE);
    const ps = await env.waitPods(ns, 'web', (ps) => settled(ps, 4) && ps.filter((p) => p.image === NEW_IMAGE).length === 2, '2 pods updated');
    assert.equal(names(ps.filter((p) => p.image === NEW_IMAGE)), 'web-0,web-1');
  });

  it('unorderedUpdate orderPriority: pods without the key first, then the larger trailing integer', async () => {
    const ns = await env.namespace('order');
    const priorityStrategy = { orderPriority: [{ orderedKey: 'rank' }] };
    await env.create(ns, asts('web', { replicas: 4 }, { updateStrategy: { partition: 2, unorderedUpdate: { priorityStrategy } } }));
    await env.waitRolledOut(ns, 'web');
    await env.patchPod(ns, 'web-0', { metadata: { labels: { rank: 'r-5' } } });
    await env.patchPod(ns, 'web-1', { metadata: { labels: { rank: 'r-10' } } });
    await env.patchPod(ns, 'web-2', { metadata: { labels: { rank: 'r-7' } } }); // web-3 has no rank: level -1, first
    await env.setImage(ns, 'web', NEW_IMAGE);
    const ps = await env.waitPods(ns, 'web', (ps) => settled(ps, 4) && ps.filter((p) => p.image === NEW_IMAGE).length === 2, '2 pods updated');
    assert.equal(names(ps.filter((p) => p.image === NEW_IMAGE)), 'web-1,web-3');
  });

  it('paused stops the update while scaling still happens; resuming finishes it', async () => {
    const ns = await env.namespace('paused');
    await env.create(ns, asts('web', { replicas: 2 }, { updateStrategy: { paused: true } }));
    await env.waitRolledOut(ns, 'web');
    await env.patch(ns, 'web', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'main', image: NEW_IMAGE }] } } } });
    // the new pod is created at the update revision (partition 0); the old ones stay put.
    const ps = await env.waitPods(ns, 'web', (ps) => settled(ps, 3), '3 pods');
    const s = await eventually(async () => {
      const s = await env.get(ns, 'web');
      return s.status.observedGeneration === s.metadata.generation && s.status.readyReplicas === 3 ? s : false;
    });
    assert.equal(images(ps), `web-0=${IMAGE},web-1=${IMAGE},web-2=${NEW_IMAGE}`);
    assert.equal(s.status.updatedReplicas, 1);
    await env.patch(ns, 'web', { spec: { updateStrategy: { rollingUpdate: { paused: false } } } });
    const done = await env.waitRolledOut(ns, 'web');
    assert.equal(done.status.updatedReplicas, 3);
  });

  it('rolls back mid-update to the previous ControllerRevision without a new one', async () => {
    const ns = await env.namespace('rollback');
    await env.create(ns, asts('web', { replicas: 3 }, { updateStrategy: { partition: 1 } }));
    const first = await env.waitRolledOut(ns, 'web');
    const original = first.status.updateRevision;
    await env.setImage(ns, 'web', NEW_IMAGE);
    await env.waitPods(ns, 'web', (ps) => settled(ps, 3) && ps.filter((p) => p.image === NEW_IMAGE).length === 2, 'partial update');
    assert.equal((await env.revisions(ns)).length, 2);
    await env.patch(ns, 'web', { spec: { template: { spec: { containers: [{ name: 'main', image: IMAGE }] } }, updateStrategy: { rollingUpdate: { partition: 0 } } } });
    const done = await env.waitRolledOut(ns, 'web');
    assert.equal(done.status.updateRevision, original, 'the old revision is the update revision again');
    const ps = await env.pods(ns, 'web');
    assert.ok(ps.every((p) => p.image === IMAGE && p.revision === original), images(ps));
    assert.equal((await env.revisions(ns)).length, 2, 'no third revision');
  });

  it('apps.kruise.io/specified-delete recreates the pod even when partition keeps it', async () => {
    const ns = await env.namespace('specdel');
    await env.create(ns, asts('web', { replicas: 3 }, { updateStrategy: { partition: 3 } }));
    await env.waitRolledOut(ns, 'web');
    const before = await env.pods(ns, 'web');
    await env.patchPod(ns, 'web-1', { metadata: { labels: { 'apps.kruise.io/specified-delete': 'true' } } });
    const ps = await env.waitPods(ns, 'web', (ps) => settled(ps, 3) && ps[1].uid !== before[1].uid, 'web-1 recreated');
    assert.equal(ps[0].uid, before[0].uid);
    assert.equal(ps[2].uid, before[2].uid);
    assert.equal(ps[1].labels['apps.kruise.io/specified-delete'], undefined);
  });

  it('maxUnavailable with Parallel is never exceeded while recreating', async () => {
    const ns = await env.namespace('maxunav');
    await env.create(ns, asts('web', { replicas: 6 }, { updateStrategy: { maxUnavailable: 2, podUpdatePolicy: 'ReCreate' } }));
    await env.waitRolledOut(ns, 'web');
    const before = new Set((await env.pods(ns, 'web')).map((p) => p.uid));
    let maxDown = 0;
    await env.setImage(ns, 'web', NEW_IMAGE);
    await eventually(
      async () => {
        const ps = await env.pods(ns, 'web');
        maxDown = Math.max(maxDown, 6 - ps.filter((p) => p.ready).length);
        return ps.length === 6 && ps.every((p) => p.ready && p.image === NEW_IMAGE && !before.has(p.uid));
      },
      { timeoutMs: 60_000, intervalMs: 5, message: 'all pods recreated' },
    );
    assert.ok(maxDown <= 2, `at most 2 unavailable, saw ${maxDown}`);
    assert.ok(maxDown >= 1, 'pods went down');
  });

  it('InPlaceOnly refuses a non-image change with 422; InPlaceIfPossible falls back to recreate and says why', async () => {
    const ns = await env.namespace('policy');
    await env.create(ns, asts('only', { replicas: 1 }, { updateStrategy: { podUpdatePolicy: 'InPlaceOnly' } }));
    const r = await rawRequest(sb, 'PATCH', `/apis/apps.kruise.io/v1beta1/namespaces/${ns}/statefulsets/only`, {
      body: JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/env', value: [{ name: 'A', value: 'b' }] }]),
      contentType: 'application/json-patch+json',
    });
    assert.equal(r.status, 422);
    assert.match(r.json.message, /admission webhook "vstatefulset.kb.io" denied the request: spec.template: Forbidden: invalid template modified with InPlaceOnly strategy: add \/containers\/0\/env, currently only image update is allowed for InPlaceOnly/);
    await env.create(ns, asts('maybe', { replicas: 2 }));
    await env.waitRolledOut(ns, 'maybe');
    const before = new Set((await env.pods(ns, 'maybe')).map((p) => p.uid));
    await env.patch(ns, 'maybe', { spec: { template: { spec: { containers: [{ name: 'main', image: IMAGE, env: [{ name: 'A', value: 'b' }] }] } } } });
    await env.waitRolledOut(ns, 'maybe');
    assert.ok((await env.pods(ns, 'maybe')).every((p) => !before.has(p.uid)), 'pods recreated');
    const events = await env.events(ns, 'maybe');
    assert.ok(events.some((m) => /^recreating pod maybe-\d: env of container main cannot change in place/.test(m)), events.join('\n'));
  });

  it('gracePeriodSeconds: the pod is marked not ready at once, its image patched only after the grace', async () => {
    const ns = await env.namespace('grace');
    await env.create(ns, asts('web', { replicas: 1 }, { updateStrategy: { inPlaceUpdateStrategy: { gracePeriodSeconds: 2 } } }));
    await env.waitRolledOut(ns, 'web');
    const uid = (await env.pods(ns, 'web'))[0].uid;
    await env.setImage(ns, 'web', NEW_IMAGE);
    const t0 = Date.now();
    const [graced] = await env.waitPods(ns, 'web', (ps) => !!ps[0]?.annotations['apps.kruise.io/inplace-update-grace'], 'grace annotation');
    assert.equal(graced.image, IMAGE, 'spec not patched during the grace period');
    assert.equal(graced.gate, 'False');
    const pending = JSON.parse(graced.annotations['apps.kruise.io/inplace-update-grace']);
    assert.deepEqual(pending.containerImages, { main: NEW_IMAGE });
    const [done] = await env.waitPods(ns, 'web', (ps) => ps[0]?.image === NEW_IMAGE && ps[0].ready && ps[0].gate === 'True', 'updated after grace');
    // updateTimestamp is RFC3339 (whole seconds), as in Kruise: the 2 s grace can end up to 1 s early.
    assert.ok(Date.now() - t0 >= 1000, `image patched after ${Date.now() - t0} ms`);
    assert.equal(done.uid, uid);
    assert.equal(done.annotations['apps.kruise.io/inplace-update-grace'], undefined);
  });

  it('beyond Kruise: a retag to the same digest completes (imageID unchanged)', async () => {
    const ns = await env.namespace('digest');
    await env.create(ns, asts('web', { replicas: 2 }, { updateStrategy: { maxUnavailable: 2 }, templateAnnotations: { 'sim.ordinal.dev/same-digest': 'true' } }));
    const first = await env.waitRolledOut(ns, 'web');
    const before = await env.pods(ns, 'web');
    await env.setImage(ns, 'web', 'nginx:stable');
    const done = await env.waitRolledOut(ns, 'web');
    assert.notEqual(done.status.updateRevision, first.status.updateRevision);
    const ps = await env.pods(ns, 'web');
    for (const [i, p] of ps.entries()) {
      assert.equal(p.uid, before[i].uid);
      assert.equal(p.imageID, before[i].imageID, 'same digest');
      assert.equal(p.restarts, 1);
      assert.equal(p.image, 'nginx:stable');
      assert.equal(p.gate, 'True');
    }
  });
});
