import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import type { KubeObject } from '../apimachinery/types.js';
import { createInformer, InformerFactory } from './informer.js';
import { FakeClock } from './clock.js';

const tick = () => new Promise((r) => setImmediate(r));
const pod = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, namespace: ns, labels }, spec: {} });

function recording() {
  const log: string[] = [];
  return {
    log,
    handler: {
      add: (o: KubeObject) => log.push(`add ${o.metadata.name}`),
      update: (a: KubeObject, b: KubeObject) => log.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
      delete: (o: KubeObject) => log.push(`delete ${o.metadata.name}`),
    },
  };
}

test('lists in pages, syncs, then follows the watch from the list resourceVersion', async () => {
  const c = new FakeClient();
  for (let i = 0; i < 5; i++) await c.create(at(R.pods, 'ns'), pod('ns', `p${i}`));
  const inf = createInformer(c, R.pods, { pageSize: 2 });
  const { log, handler } = recording();
  inf.addHandler(handler);
  await inf.start();
  assert.ok(inf.hasSynced());
  assert.equal(c.actions.filter((a) => a.verb === 'list').length, 3, '5 objects in pages of 2');
  assert.equal(inf.list('ns').length, 5);
  assert.equal(log.length, 5);
  await c.create(at(R.pods, 'ns'), pod('ns', 'p9'));
  await c.delete(at(R.pods, 'ns', 'p0'));
  await tick();
  assert.deepEqual(log.slice(5), ['add p9', 'delete p0']);
  assert.equal(inf.get('ns/p0'), undefined);
  assert.equal(inf.get('ns/p9')?.kind, 'Pod');
  inf.stop();
});

test('cached objects are frozen', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  const inf = createInformer(c, R.pods);
  await inf.start();
  const o = inf.get('ns/a')!;
  assert.throws(() => {
    (o.metadata as any).name = 'x';
  });
  assert.throws(() => {
    o.metadata.labels!['x'] = 'y';
  });
  inf.stop();
});

test('namespace index and label-selector listing', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'a'), pod('a', 'x', { app: 'web' }));
  await c.create(at(R.pods, 'a'), pod('a', 'y', { app: 'db' }));
  await c.create(at(R.pods, 'b'), pod('b', 'z', { app: 'web' }));
  const inf = createInformer(c, R.pods);
  await inf.start();
  assert.deepEqual(inf.list('a').map((o) => o.metadata.name).sort(), ['x', 'y']);
  assert.deepEqual(inf.listBySelector('a', 'app=web').map((o) => o.metadata.name), ['x']);
  assert.deepEqual(inf.listBySelector(undefined, { matchLabels: { app: 'web' } }).map((o) => o.metadata.name).sort(), ['x', 'z']);
  assert.deepEqual(inf.listBySelector(undefined, 'app in (db,web),app!=db').length, 2);
  inf.stop();
});

test('controller-owner index follows adoption, release and deletion; orphans are listed per namespace', async () => {
  const c = new FakeClient();
  const ref = (uid: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', uid, controller: true });
  await c.create(at(R.pods, 'a'), { ...pod('a', 'mine'), metadata: { name: 'mine', namespace: 'a', ownerReferences: [ref('u1')] } });
  await c.create(at(R.pods, 'a'), { ...pod('a', 'other'), metadata: { name: 'other', namespace: 'a', ownerReferences: [ref('u2')] } });
  await c.create(at(R.pods, 'a'), { ...pod('a', 'plain'), metadata: { name: 'plain', namespace: 'a', ownerReferences: [{ ...ref('u1'), controller: false }] } });
  await c.create(at(R.pods, 'b'), pod('b', 'orphan-b'));
  const inf = createInformer(c, R.pods);
  await inf.start();
  const names = (os: KubeObject[]) => os.map((o) => o.metadata.name).sort();
  assert.deepEqual(names(inf.listControlledBy('u1')), ['mine']);
  assert.deepEqual(names(inf.listOrphans('a')), ['plain'], 'a non-controller ownerReference leaves the object an orphan');
  assert.deepEqual(names(inf.listOrphans()), ['orphan-b', 'plain']);
  // Adopt "plain" into u2, release "mine", delete "other".
  const plain = await c.get(at(R.pods, 'a', 'plain'));
  await c.update(at(R.pods, 'a', 'plain'), { ...plain, metadata: { ...plain.metadata, ownerReferences: [ref('u2')] } });
  const mine = await c.get(at(R.pods, 'a', 'mine'));
  await c.update(at(R.pods, 'a', 'mine'), { ...mine, metadata: { ...mine.metadata, ownerReferences: [] } });
  await c.delete(at(R.pods, 'a', 'other'));
  await tick();
  assert.deepEqual(names(inf.listControlledBy('u1')), []);
  assert.deepEqual(names(inf.listControlledBy('u2')), ['plain']);
  assert.deepEqual(names(inf.listOrphans('a')), ['mine']);
  inf.stop();
});

test('updates with an unchanged resourceVersion are skipped; changed ones are delivered', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  const inf = createInformer(c, R.pods);
  const { log, handler } = recording();
  inf.addHandler(handler);
  await inf.start();
  const cur = await c.get(at(R.pods, 'ns', 'a'));
  cur.metadata.labels = { x: '1' };
  await c.update(at(R.pods, 'ns', 'a'), cur);
  await tick();
  assert.equal(log.length, 2);
  assert.match(log[1], /^update a \d+->\d+$/);
  inf.stop();
});

test('410 on the watch relists and emits synthetic deletes for objects gone meanwhile', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'keep'));
  await c.create(at(R.pods, 'ns'), pod('ns', 'gone'));
  const clock = new FakeClock();
  const inf = createInformer(c, R.pods, { clock });
  const { log, handler } = recording();
  inf.addHandler(handler);
  await inf.start();
  // The object vanishes while the watch is broken and the history is compacted.
  c.closeWatches();
  await c.delete(at(R.pods, 'ns', 'gone'));
  await c.create(at(R.pods, 'ns'), pod('ns', 'new'));
  c.compact();
  await tick();
  clock.step(100); // reconnect back-off (the closed watch delivered nothing)
  await tick();
  await tick();
  assert.ok(log.includes('delete gone'), log.join(';'));
  assert.ok(log.includes('add new'), log.join(';'));
  assert.deepEqual(inf.list().map((o) => o.metadata.name).sort(), ['keep', 'new']);
  assert.ok(c.actions.filter((a) => a.verb === 'list').length >= 2, 'relisted');
  inf.stop();
});

test('a closed watch reconnects from the last resourceVersion without relisting', async () => {
  const c = new FakeClient();
  const inf = createInformer(c, R.pods, { clock: new FakeClock() });
  await inf.start();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  await tick();
  c.closeWatches();
  await c.create(at(R.pods, 'ns'), pod('ns', 'b'));
  await tick();
  await tick();
  assert.equal(inf.list().length, 2);
  assert.equal(c.actions.filter((a) => a.verb === 'list').length, 1);
  assert.equal(c.actions.filter((a) => a.verb === 'watch').length, 2);
  inf.stop();
});

test('bookmarks advance the resume resourceVersion', async () => {
  const c = new FakeClient();
  const inf = createInformer(c, R.pods);
  await inf.start();
  await c.create(at(R.configmaps, 'ns'), { metadata: { name: 'cm' } });
  c.sendBookmarks();
  await tick();
  assert.equal(inf.lastSyncResourceVersion(), c.currentResourceVersion());
  inf.stop();
});

test('list errors are retried with back-off', async () => {
  const c = new FakeClient();
  const clock = new FakeClock();
  c.failNext('list', 'pods', new Error('boom'), 2);
  const inf = createInformer(c, R.pods, { clock });
  void inf.start();
  await tick();
  assert.equal(inf.hasSynced(), false);
  clock.step(100);
  await tick();
  clock.step(200);
  await tick();
  assert.equal(inf.hasSynced(), true);
  inf.stop();
});

test('a handler added after sync gets the cache replayed as adds', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  const inf = createInformer(c, R.pods);
  await inf.start();
  const { log, handler } = recording();
  inf.addHandler(handler);
  assert.deepEqual(log, ['add a']);
  inf.stop();
});

test('the factory shares one informer per (resource, namespace, selectors)', async () => {
  const c = new FakeClient();
  const f = new InformerFactory(c);
  const a = f.informerFor(R.pods);
  assert.equal(f.informerFor(R.pods), a);
  assert.notEqual(f.informerFor(R.pods, { namespace: 'x' }), a);
  assert.notEqual(f.informerFor(R.pods, { labelSelector: 'a=b' }), a);
  await f.start();
  assert.ok(a.hasSynced());
  f.stop();
});

test('a watch with a label selector sees objects leave the selector as deletes', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a', { app: 'web' }));
  const inf = createInformer(c, R.pods, { labelSelector: 'app=web' });
  const { log, handler } = recording();
  inf.addHandler(handler);
  await inf.start();
  const cur = await c.get(at(R.pods, 'ns', 'a'));
  cur.metadata.labels = { app: 'db' };
  await c.update(at(R.pods, 'ns', 'a'), cur);
  await tick();
  assert.deepEqual(log, ['add a', 'delete a']);
  inf.stop();
});
