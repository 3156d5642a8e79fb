import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { FakeEventRecorder } from '../../controller/events.js';
import { getControllerOf } from '../../controller/owner.js';
import { StatefulSetController } from './controller.js';
import { startStatefulSetController } from './index.js';
import { newStatefulSet } from './test-harness.js';
import type { Pod, StatefulSet } from './types.js';

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A tiny kubelet: every pod becomes Running and Ready. */
function kubelet(c: FakeClient): () => void {
  const timer = setInterval(() => {
    for (const p of c.objects<Pod>(R.pods, 'default')) {
      if (p.status?.phase === 'Running' || p.metadata.deletionTimestamp) continue;
      p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }] };
      c.update(at(R.pods, 'default', p.metadata.name, 'status'), p).catch(() => {});
    }
  }, 5);
  return () => clearInterval(timer);
}

test('controller brings a set to its replicas through informers and the queue', async () => {
  const c = new FakeClient();
  const stopKubelet = kubelet(c);
  const ctl = new StatefulSetController({ client: c, workers: 2, recorder: new FakeEventRecorder() });
  await ctl.start();
  await c.create(at(R.statefulsets, 'default'), newStatefulSet('web', 3, 'Monotonic'));
  await waitFor('3 ready replicas', async () => (await c.get<StatefulSet>(at(R.statefulsets, 'default', 'web'))).status?.readyReplicas === 3);
  const names = c.objects<Pod>(R.pods, 'default').map((p) => p.metadata.name).sort();
  assert.deepEqual(names, ['web-0', 'web-1', 'web-2']);
  // Scale down through the same path.
  const set = await c.get<StatefulSet>(at(R.statefulsets, 'default', 'web'));
  set.spec.replicas = 1;
  await c.update(at(R.statefulsets, 'default', 'web'), set);
  await waitFor('1 pod', () => c.objects(R.pods, 'default').length === 1);
  stopKubelet();
  await ctl.stop();
});

test('orphans are adopted and pods whose labels stop matching are released', async () => {
  const c = new FakeClient();
  const stopKubelet = kubelet(c);
  const { stop, ready } = startStatefulSetController(c, { workers: 1 });
  await ready;
  await c.create(at(R.statefulsets, 'default'), newStatefulSet('web', 1, 'Monotonic'));
  await waitFor('web-0 owned', () => c.objects<Pod>(R.pods, 'default').some((p) => getControllerOf(p)?.name === 'web'));
  // Orphan it: the controller re-adopts.
  await c.patch(at(R.pods, 'default', 'web-0'), 'merge', { metadata: { ownerReferences: null } });
  await waitFor('re-adopted', async () => !!getControllerOf(await c.get(at(R.pods, 'default', 'web-0'))));
  // Drop its labels: released, and a replacement cannot take the name, so the set keeps trying.
  await c.patch(at(R.pods, 'default', 'web-0'), 'merge', { metadata: { labels: null } });
  await waitFor('released', async () => !getControllerOf(await c.get(at(R.pods, 'default', 'web-0'))));
  await waitFor('event recorded', () => c.objects(R.events, 'default').some((e) => e.reason === 'SuccessfulCreate'));
  stop();
  stopKubelet();
});
