// Scenario tests of the Advanced StatefulSet controller on the FakeClient with a small simulated
// kubelet that restarts a container when its image changes and honours readiness gates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { admitKruiseStatefulSet } from '../../kruise/strategy.js';
import { kruiseStatefulSetsRef, type KruiseStatefulSet } from '../../kruise/types.js';
import type { Pod } from '../statefulset/types.js';
import { startAdvancedStatefulSetController } from './index.js';
import { normalizeImage } from './inplace.js';
import { kruiseSample } from '../../../test/helpers/kruise-sample.js';

const ASTS = kruiseStatefulSetsRef;

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Pods run their spec images; an image change restarts the container; Ready honours readiness gates. */
function kubelet(c: FakeClient, trace: { maxUnavailable: number; sawGateFalse: Set<string> }): () => void {
  const timer = setInterval(() => {
    const pods = c.objects<Pod>(R.pods, 'default');
    let unready = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) {
        c.delete(at(R.pods, 'default', p.metadata.name)).catch(() => {});
        continue;
      }
      const containers = (p.spec?.containers as { name: string; image: string }[]) ?? [];
      const old = new Map(((p.status?.containerStatuses as any[]) ?? []).map((s) => [s.name, s]));
      let changed = !p.status?.phase;
      const statuses = containers.map((ct) => {
        const s = old.get(ct.name);
        if (s && s.image === normalizeImage(ct.image)) return s;
        changed = true;
        return { name: ct.name, image: normalizeImage(ct.image), imageID: `sha-${ct.image}`, containerID: `sim://${randomUUID()}`, restartCount: s ? s.restartCount + 1 : 0, ready: true };
      });
      const conds = ((p.status?.conditions as any[]) ?? []).filter((x) => x.type !== 'Ready');
      const gates = ((p.spec?.readinessGates as any[]) ?? []).every((g) => conds.find((x) => x.type === g.conditionType)?.status === 'True');
      if (conds.some((x) => x.type === 'InPlaceUpdateReady' && x.status === 'False')) trace.sawGateFalse.add(p.metadata.name!);
      const ready = gates ? 'True' : 'False';
      if (ready !== 'True') unready++;
      const prevReady = (p.status?.conditions as any[])?.find((x) => x.type === 'Ready')?.status;
      if (!changed && prevReady === ready) continue;
      const status = { ...(p.status ?? {}), phase: 'Running', podIP: p.status?.podIP ?? `10.0.0.${Math.floor(Math.random() * 200)}`, containerStatuses: statuses, conditions: [...conds, { type: 'Ready', status: ready, lastTransitionTime: new Date().toISOString() }] };
      c.update(at(R.pods, 'default', p.metadata.name, 'status'), { ...p, status }).catch(() => {});
    }
    trace.maxUnavailable = Math.max(trace.maxUnavailable, unready + Math.max(0, 3 - pods.length));
  }, 3);
  return () => clearInterval(timer);
}

function sample(policy = 'InPlaceIfPossible'): KruiseStatefulSet {
  const o = kruiseSample({ apiVersion: 'apps.kruise.io/v1beta1', podUpdatePolicy: policy }) as KruiseStatefulSet;
  assert.deepEqual(admitKruiseStatefulSet('CREATE', o), []);
  return o;
}

async function setup(policy?: string) {
  const c = new FakeClient();
  const trace = { maxUnavailable: 0, sawGateFalse: new Set<string>() };
  const stopKubelet = kubelet(c, trace);
  const ctl = startAdvancedStatefulSetController(c, { workers: 2 });
  await ctl.ready;
  await c.create(at(ASTS, 'default'), sample(policy));
  const get = () => c.get<KruiseStatefulSet>(at(ASTS, 'default', 'sample'));
  await waitFor('3 ready replicas', async () => (await get()).status?.readyReplicas === 3);
  const pods = () => c.objects<Pod>(R.pods, 'default').sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const edit = async (fn: (s: KruiseStatefulSet) => void) => {
    const s = await get();
    fn(s);
    await c.update(at(ASTS, 'default', 'sample'), s);
  };
  return { c, trace, get, pods, edit, stop: async () => (stopKubelet(), await ctl.stop()) };
}

test('image change updates all pods in place within maxUnavailable', async () => {
  const h = await setup();
  const before = h.pods().map((p) => [p.metadata.uid, p.status?.podIP]);
  assert.equal(h.pods()[0].metadata.ownerReferences?.[0].apiVersion, 'apps.kruise.io/v1beta1');
  h.trace.maxUnavailable = 0;
  await h.edit((s) => (s.spec.template.spec!.containers as any[])[0].image = 'nginx:1.27');
  await waitFor('all updated and ready', async () => {
    const s = await h.get();
    return s.status?.observedGeneration === s.metadata.generation && s.status?.updatedReplicas === 3 && s.status?.readyReplicas === 3 && s.status?.currentRevision === s.status?.updateRevision && h.pods().every((p) => p.status?.conditions?.find((x) => x.type === 'InPlaceUpdateReady')?.status === 'True');
  });
  const after = h.pods();
  assert.deepEqual(after.map((p) => [p.metadata.uid, p.status?.podIP]), before);
  for (const p of after) {
    assert.equal((p.status?.containerStatuses as any[])[0].restartCount, 1);
    assert.equal((p.spec!.containers as any[])[0].image, 'nginx:1.27');
    assert.equal(p.status?.conditions?.find((x) => x.type === 'InPlaceUpdateReady')?.status, 'True');
    assert.ok(p.metadata.annotations?.['apps.kruise.io/inplace-update-state']);
  }
  assert.deepEqual([...h.trace.sawGateFalse].sort(), ['sample-0', 'sample-1', 'sample-2']);
  assert.ok(h.trace.maxUnavailable <= 2, `unavailable peaked at ${h.trace.maxUnavailable}`);
  const events = h.c.objects<any>(R.events, 'default').map((e) => e.message);
  assert.ok(events.some((m) => m === 'updating pod sample-2 in place: container main image nginx:alpine → nginx:1.27'), events.join('\n'));
  const s = await h.get();
  assert.equal(s.status?.labelSelector, 'app=sample');
  assert.equal(s.status?.updatedReadyReplicas, 3);
  await h.stop();
});

test('env change with InPlaceIfPossible recreates pods and says why', async () => {
  const h = await setup();
  const before = new Set(h.pods().map((p) => p.metadata.uid));
  await h.edit((s) => ((s.spec.template.spec!.containers as any[])[0].env = [{ name: 'A', value: 'b' }]));
  await waitFor('all recreated', async () => {
    const s = await h.get();
    return s.status?.observedGeneration === s.metadata.generation && s.status?.updatedReplicas === 3 && s.status?.readyReplicas === 3 && h.pods().every((p) => !before.has(p.metadata.uid));
  });
  const events = h.c.objects<any>(R.events, 'default').map((e) => e.message);
  assert.ok(events.includes('recreating pod sample-2: env of container main cannot change in place (added)'), events.join('\n'));
  await h.stop();
});

test('partition keeps the lowest ordinals on the old revision; paused stops updates', async () => {
  const h = await setup();
  await h.edit((s) => {
    s.spec.updateStrategy!.rollingUpdate!.partition = 1;
    (s.spec.template.spec!.containers as any[])[0].image = 'nginx:1.27';
  });
  await waitFor('2 updated', async () => (await h.get()).status?.updatedReplicas === 2 && (await h.get()).status?.readyReplicas === 3);
  const imgs = h.pods().map((p) => (p.spec!.containers as any[])[0].image);
  assert.deepEqual(imgs, ['nginx:alpine', 'nginx:1.27', 'nginx:1.27']);
  await h.edit((s) => {
    s.spec.updateStrategy!.rollingUpdate!.partition = 0;
    s.spec.updateStrategy!.rollingUpdate!.paused = true;
  });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal((h.pods()[0].spec!.containers as any[])[0].image, 'nginx:alpine');
  await h.edit((s) => (s.spec.updateStrategy!.rollingUpdate!.paused = false));
  await waitFor('all updated', async () => (await h.get()).status?.updatedReplicas === 3);
  await h.stop();
});

test('reserveOrdinals skips ordinals and deletes pods on them', async () => {
  const h = await setup();
  await h.edit((s) => (s.spec.reserveOrdinals = [1]));
  await waitFor('pods 0,2,3', () => h.pods().map((p) => p.metadata.name).join() === 'sample-0,sample-2,sample-3');
  await h.stop();
});

test('gracePeriodSeconds delays the image patch', async () => {
  const h = await setup();
  await h.edit((s) => {
    s.spec.updateStrategy!.rollingUpdate!.inPlaceUpdateStrategy = { gracePeriodSeconds: 1 };
    (s.spec.template.spec!.containers as any[])[0].image = 'nginx:1.27';
  });
  await waitFor('grace annotation', () => h.pods().some((p) => !!p.metadata.annotations?.['apps.kruise.io/inplace-update-grace']));
  const graced = h.pods().find((p) => p.metadata.annotations?.['apps.kruise.io/inplace-update-grace'])!;
  assert.equal((graced.spec!.containers as any[])[0].image, 'nginx:alpine');
  await waitFor('all updated after grace', async () => h.pods().every((p) => (p.spec!.containers as any[])[0].image === 'nginx:1.27' && !p.metadata.annotations?.['apps.kruise.io/inplace-update-grace']), 6000);
  await h.stop();
});

test('OrderedReady and OnDelete sets get InPlaceUpdateReady on new pods and become Ready (the replica pass refreshes)', async () => {
  const c = new FakeClient();
  const trace = { maxUnavailable: 0, sawGateFalse: new Set<string>() };
  const stopKubelet = kubelet(c, trace);
  const ctl = startAdvancedStatefulSetController(c, { workers: 2 });
  await ctl.ready;
  const variant = (name: string, edit: (s: KruiseStatefulSet) => void) => {
    const s = sample();
    s.metadata.name = name;
    s.spec.selector = { matchLabels: { app: name } };
    s.spec.template.metadata = { labels: { app: name } };
    edit(s);
    assert.deepEqual(admitKruiseStatefulSet('CREATE', s), []);
    return s;
  };
  // OrderedReady waits for each pod to be Ready before the next: without the refresh in the replica
  // pass the gate condition never appears and the set stops at its first pod.
  try {
    const ordered = (s: KruiseStatefulSet) => {
      s.spec.podManagementPolicy = 'OrderedReady';
      s.spec.updateStrategy!.rollingUpdate!.maxUnavailable = 1; // more needs Parallel
    };
    await c.create(at(ASTS, 'default'), variant('ordered', ordered));
    await c.create(at(ASTS, 'default'), variant('ondelete', (s) => (s.spec.updateStrategy = { type: 'OnDelete' })));
    for (const name of ['ordered', 'ondelete']) {
      await waitFor(`${name}: 3 ready replicas`, async () => (await c.get<KruiseStatefulSet>(at(ASTS, 'default', name))).status?.readyReplicas === 3);
    }
    for (const p of c.objects<Pod>(R.pods, 'default')) assert.equal(p.status?.conditions?.find((x) => x.type === 'InPlaceUpdateReady')?.status, 'True', p.metadata.name);
  } finally {
    stopKubelet();
    await ctl.stop();
  }
});
