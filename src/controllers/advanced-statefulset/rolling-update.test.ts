import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { FakeEventRecorder } from '../../controller/events.js';
import { InPlaceUpdateReady, InPlaceUpdateStateKey, LifecycleStateKey } from '../../kruise/types.js';
import type { ControllerRevision, Pod, StatefulSet } from '../statefulset/types.js';
import { ApiInPlaceUpdater } from './inplace.js';
import { KruiseRollingUpdate, mapConcurrent } from './rolling-update.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

test('mapConcurrent keeps input order, settles failures and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await tick();
    inFlight--;
    if (n === 4) throw new Error('four');
    return n * 10;
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    [10, 20, 30, 'four', 50, 60, 70],
  );
});

test('mapConcurrent on no items resolves to no results', async () => {
  assert.deepEqual(await mapConcurrent([], 4, async () => 1), []);
});

// ---- refreshPodState: a finished in-place update flips the gate and the lifecycle in one pass ----


const revision = (name: string): ControllerRevision => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, namespace: 'default' }, revision: 1, data: {} }) as ControllerRevision;

/** web-0 after the node restarted its container on the new image: InPlaceUpdateReady still False, lifecycle Updating. */
function finishedInPlacePod(): Pod {
  const state = { revision: 'web-v2', updateTimestamp: '2025-01-01T00:00:00Z', lastContainerStatuses: { app: { imageID: 'docker.io/library/nginx@sha256:old' } } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', uid: 'u0', labels: { 'controller-revision-hash': 'web-v2', [LifecycleStateKey]: 'Updating' }, annotations: { [InPlaceUpdateStateKey]: JSON.stringify(state) } },
    spec: { readinessGates: [{ conditionType: InPlaceUpdateReady }], containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      conditions: [
        { type: InPlaceUpdateReady, status: 'False' },
        { type: 'Ready', status: 'False' },
      ],
      containerStatuses: [{ name: 'app', image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:new', containerID: 'containerd://b', ready: true }],
    },
  };
}

test('a finished in-place update gets InPlaceUpdateReady=True and lifecycle Normal in the same sync', async () => {
  const c = new FakeClient();
  const pod = finishedInPlacePod();
  await c.create(at(R.pods, 'default'), pod);
  const lifecycle: Array<{ pod: string; state: string; gate?: string }> = [];
  const rolling = new KruiseRollingUpdate({
    updater: new ApiInPlaceUpdater(c, () => Date.now()),
    recorder: new FakeEventRecorder(),
    revisions: () => [revision('web-v1'), revision('web-v2')],
    deletePod: async () => true,
    setLifecycle: async (_set, p, state) => {
      lifecycle.push({ pod: p.metadata.name!, state, gate: p.status?.conditions?.find((x) => x.type === InPlaceUpdateReady)?.status });
    },
    requeue: () => undefined,
  });
  const set = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' } } } } as unknown as StatefulSet;
  await rolling.run({ set, replicas: [pod], current: revision('web-v1'), update: revision('web-v2'), status: { replicas: 1 }, now: Date.now() });
  const stored = await c.get<Pod>(at(R.pods, 'default', 'web-0'));
  assert.equal(stored.status?.conditions?.find((x) => x.type === InPlaceUpdateReady)?.status, 'True');
  // The lifecycle move saw the pod as it is after the condition write, in this very pass.
  assert.deepEqual(lifecycle, [{ pod: 'web-0', state: 'Normal', gate: 'True' }]);
});

test('ApiInPlaceUpdater.refresh says ready only when it set the condition', async () => {
  const c = new FakeClient();
  const pod = finishedInPlacePod();
  await c.create(at(R.pods, 'default'), pod);
  const u = new ApiInPlaceUpdater(c, () => Date.now());
  assert.equal(await u.refresh(pod), 'ready');
  const stored = await c.get<Pod>(at(R.pods, 'default', 'web-0'));
  assert.equal(await u.refresh(stored), undefined);
  // Not finished yet (the container still runs the old image): nothing to do.
  const running = finishedInPlacePod();
  (running.status!.containerStatuses as any[])[0] = { name: 'app', image: 'docker.io/library/nginx:1.25', imageID: 'docker.io/library/nginx@sha256:old', containerID: 'containerd://a', ready: true };
  assert.equal(await u.refresh(running), undefined);
});
