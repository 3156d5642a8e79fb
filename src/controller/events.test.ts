import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R } from '../client/resources.js';
import { ApiEventRecorder } from './events.js';
import { FakeClock } from './clock.js';

const set = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'ns', uid: 'u1', resourceVersion: '7' } };

test('writes a core/v1 Event with upstream naming, source and involvedObject', async () => {
  const c = new FakeClient();
  const clock = new FakeClock(Date.UTC(2025, 0, 1, 0, 0, 0));
  const r = new ApiEventRecorder(c, { component: 'statefulset-controller', clock });
  r.event(set, 'Normal', 'SuccessfulCreate', 'create Pod web-0 in StatefulSet web successful');
  await r.flush();
  const [ev] = c.objects(R.events, 'ns');
  assert.match(ev.metadata.name!, /^web\.[0-9a-f]+$/);
  assert.equal(ev.metadata.name, `web.${(BigInt(clock.now()) * 1_000_000n).toString(16)}`);
  assert.deepEqual(ev.involvedObject, { kind: 'StatefulSet', namespace: 'ns', name: 'web', uid: 'u1', apiVersion: 'apps/v1', resourceVersion: '7' });
  assert.deepEqual(ev.source, { component: 'statefulset-controller' });
  assert.equal(ev.type, 'Normal');
  assert.equal(ev.reason, 'SuccessfulCreate');
  assert.equal(ev.count, 1);
  assert.equal(ev.firstTimestamp, '2025-01-01T00:00:00Z');
});

test('identical events aggregate into one Event (count, lastTimestamp); different ones do not', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'x', clock });
  r.event(set, 'Warning', 'FailedCreate', 'boom');
  clock.step(5000);
  r.event(set, 'Warning', 'FailedCreate', 'boom');
  r.event(set, 'Warning', 'FailedCreate', 'other');
  await r.flush();
  const evs = c.objects(R.events, 'ns').sort((a, b) => a.count - b.count);
  assert.equal(evs.length, 2);
  const agg = evs.find((e) => e.message === 'boom')!;
  assert.equal(agg.count, 2);
  assert.notEqual(agg.lastTimestamp, agg.firstTimestamp);
});

test('occurrences about a changed object (new resourceVersion) still aggregate, as client-go keys events', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock });
  const pod = (rv: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u2', resourceVersion: rv } });
  for (const rv of ['72', '75', '80']) {
    r.event(pod(rv), 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: address in use');
    clock.step(1000);
  }
  // A different object with the same name (a new uid) is a different event.
  r.event({ ...pod('90'), metadata: { ...pod('90').metadata, uid: 'u3' } }, 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: address in use');
  await r.flush();
  const evs = c.objects(R.events, 'ns').sort((a, b) => b.count - a.count);
  assert.deepEqual(evs.map((e) => e.count), [3, 1]);
  assert.equal(evs[0].involvedObject.resourceVersion, '72', 'the Event keeps the first occurrence reference');
});

test('event() never throws and failures are swallowed', async () => {
  const c = new FakeClient();
  c.failNext('create', 'events', new Error('down'));
  const r = new ApiEventRecorder(c, { component: 'x' });
  assert.doesNotThrow(() => r.event(set, 'Normal', 'R', 'm'));
  await r.flush();
  r.event(set, 'Normal', 'R2', 'm');
  await r.flush();
  assert.equal(c.objects(R.events).length, 1);
});

test('an aggregated event whose Event vanished is created again', async () => {
  const c = new FakeClient();
  const r = new ApiEventRecorder(c, { component: 'x', clock: new FakeClock() });
  r.event(set, 'Normal', 'R', 'm');
  await r.flush();
  const [ev] = c.objects(R.events);
  await c.delete({ ...R.events, namespace: 'ns', name: ev.metadata.name });
  r.event(set, 'Normal', 'R', 'm');
  await r.flush();
  const [again] = c.objects(R.events);
  assert.equal(again.count, 2);
});
