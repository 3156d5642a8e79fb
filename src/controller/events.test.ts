import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R } from '../client/resources.js';
import { ApiEventRecorder } from './events.js';
import { FakeClock } from './clock.js';
import { errors } from '../apimachinery/errors.js';
import type { KubeObject, ResourceRef } from '../apimachinery/types.js';
import type { PatchType } from '../client/api-client.js';
import { pino } from 'pino';

/** Lets pending promise callbacks (writes, retries) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

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

test('event() never throws; a refused write is dropped, an unreachable server is retried (randomized first wait)', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'x', clock, random: () => 0.5 });
  c.failNext('create', 'events', errors.invalid('Event', '', 'web.1', []));
  assert.doesNotThrow(() => r.event(set, 'Normal', 'Refused', 'm'));
  await r.flush();
  assert.equal(c.objects(R.events).length, 0, 'the server said no: not retried');
  c.failNext('create', 'events', new Error('connect ECONNREFUSED'), 2);
  r.event(set, 'Normal', 'Unreachable', 'm');
  await settle();
  assert.equal(c.objects(R.events).length, 0);
  clock.step(4999);
  await settle();
  assert.equal(c.objects(R.events).length, 0, 'first retry after 10 s × random (0.5)');
  clock.step(1);
  await settle();
  assert.equal(c.objects(R.events).length, 0, 'second try failed too');
  clock.step(10_000);
  await r.flush();
  assert.deepEqual(c.objects(R.events).map((e) => e.reason), ['Unreachable']);
});

test('gives up after 12 tries', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'x', clock, random: () => 0 });
  c.failNext('create', 'events', new Error('down'), 100);
  r.event(set, 'Normal', 'R', 'm');
  for (let i = 0; i < 20; i++) {
    await settle();
    clock.step(10_000);
  }
  await r.flush();
  assert.equal(c.actions.filter((a) => a.verb === 'create').length, 12);
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

/** A FakeClient whose writes wait until released, to hold them in flight. */
class GatedClient extends FakeClient {
  inFlight = 0;
  maxInFlight = 0;
  readonly order: string[] = [];
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release(): void {
    this.open();
  }
  private async hold(what: string): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await this.gate;
    this.inFlight--;
    this.order.push(what);
  }
  override async create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    await this.hold(`create ${obj.metadata.name} ${(obj as any).count}`);
    return super.create(ref, obj);
  }
  override async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, type: PatchType, patch: unknown): Promise<T> {
    await this.hold(`patch ${ref.name} ${(patch as any).count}`);
    return super.patch(ref, type, patch);
  }
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${name}` } });

test('a few writes are in flight at once', async () => {
  const c = new GatedClient();
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock: new FakeClock(), maxInFlight: 4 });
  for (let i = 0; i < 10; i++) r.event(pod(`p${i}`), 'Normal', 'Pulled', 'image pulled');
  await settle();
  assert.equal(c.inFlight, 4);
  c.release();
  await r.flush();
  assert.equal(c.maxInFlight, 4);
  assert.equal(c.objects(R.events).length, 10);
});

test('a full queue drops new events (logged once per burst) and accepts again once it drains', async () => {
  const c = new GatedClient();
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock: new FakeClock(), maxInFlight: 1, queueSize: 5, logger });
  for (let i = 0; i < 3; i++) r.event(pod(`p${i}`), 'Normal', 'Pulled', 'm');
  await settle(); // one in flight, two queued
  for (let i = 3; i < 10; i++) r.event(pod(`p${i}`), 'Normal', 'Pulled', 'm');
  assert.equal(r.backlog(), 5);
  assert.equal(lines.filter((l) => l.includes('dropping')).length, 1);
  c.release();
  await r.flush();
  assert.deepEqual(c.objects(R.events).map((e) => e.involvedObject.name).sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  assert.match(lines.at(-1)!, /"dropped":4/);
  r.event(pod('later'), 'Normal', 'Pulled', 'm');
  await r.flush();
  assert.equal(c.objects(R.events).length, 7);
});

test("repeats of an event wait for their own series' write, and collapse into the latest count", async () => {
  const c = new GatedClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock });
  r.event(pod('a'), 'Warning', 'BackOff', 'Back-off restarting failed container');
  r.event(pod('b'), 'Normal', 'Pulled', 'm');
  await settle();
  for (let i = 0; i < 4; i++) {
    clock.step(1000);
    r.event(pod('a'), 'Warning', 'BackOff', 'Back-off restarting failed container');
  }
  await settle();
  assert.equal(c.inFlight, 2, 'the patches do not start while the create is in flight');
  c.release();
  await r.flush();
  const a = c.order.filter((w) => w.includes(' a.'));
  assert.equal(a.length, 2);
  assert.match(a[0], /^create a\.\S+ 1$/);
  assert.match(a[1], /^patch a\.\S+ 5$/);
  const [ev] = c.objects(R.events).filter((e) => e.involvedObject.name === 'a');
  assert.equal(ev.count, 5);
  assert.equal(ev.lastTimestamp, '2025-01-01T00:00:04Z');
  assert.equal(ev.firstTimestamp, '2025-01-01T00:00:00Z');
});

test('spam filter: 25 events per source and object, then one per 5 minutes', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock });
  for (let i = 0; i < 30; i++) r.event(pod('p'), 'Normal', `Reason${i}`, 'm');
  r.event(pod('other'), 'Normal', 'Reason', 'm');
  await r.flush();
  assert.equal(c.objects(R.events).filter((e) => e.involvedObject.name === 'p').length, 25);
  assert.equal(c.objects(R.events).filter((e) => e.involvedObject.name === 'other').length, 1);
  clock.step(300_000);
  r.event(pod('p'), 'Normal', 'Late1', 'm');
  r.event(pod('p'), 'Normal', 'Late2', 'm');
  await r.flush();
  assert.deepEqual(c.objects(R.events).filter((e) => e.reason.startsWith('Late')).map((e) => e.reason), ['Late1']);
});

test('similar events (same reason, 10 different messages in 10 minutes) are combined', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  const r = new ApiEventRecorder(c, { component: 'kubelet', clock });
  for (let i = 0; i < 12; i++) {
    r.event(pod('p'), 'Warning', 'FailedMount', `volume ${i} not found`);
    clock.step(1000);
  }
  await r.flush();
  const evs = c.objects(R.events);
  assert.equal(evs.length, 10);
  const combined = evs.filter((e) => e.message.startsWith('(combined from similar events): '));
  assert.equal(combined.length, 1);
  assert.equal(combined[0].message, '(combined from similar events): volume 11 not found');
  assert.equal(combined[0].count, 3);
  // Ten minutes of quiet start a new window.
  clock.step(601_000);
  r.event(pod('p'), 'Warning', 'FailedMount', 'volume 99 not found');
  await r.flush();
  assert.ok(c.objects(R.events).some((e) => e.message === 'volume 99 not found'));
});
