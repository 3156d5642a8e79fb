import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import type { KubeObject } from '../apimachinery/types.js';
import { InformerFactory, sharedInformer, sharedInformers } from './informer.js';
import { FakeClock } from './clock.js';

const tick = () => new Promise((r) => setImmediate(r));
const pod = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, namespace: ns, labels }, spec: {} });
const watches = (c: FakeClient) => c.actions.filter((a) => a.verb === 'watch').length;
const lists = (c: FakeClient) => c.actions.filter((a) => a.verb === 'list').length;

function recorder(tag: string, log: string[]) {
  return {
    add: (o: KubeObject) => log.push(`${tag} add ${o.metadata.name}`),
    update: (_a: KubeObject, b: KubeObject) => log.push(`${tag} update ${b.metadata.name}`),
    delete: (o: KubeObject) => log.push(`${tag} delete ${o.metadata.name}`),
  };
}

test('consumers of the same key share one list and one watch, and see the same frozen objects', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  const log: string[] = [];
  const one = sharedInformer(c, R.pods);
  const two = sharedInformers(c).informerFor(R.pods);
  one.addHandler(recorder('one', log));
  two.addHandler(recorder('two', log));
  await Promise.all([one.start(), two.start()]);
  assert.equal(lists(c), 1);
  assert.equal(watches(c), 1);
  assert.equal(sharedInformers(c).size(), 1);
  assert.equal(one.get('ns/a'), two.get('ns/a'), 'one cached object, not a copy per consumer');
  assert.ok(Object.isFrozen(one.get('ns/a')));
  await c.create(at(R.pods, 'ns'), pod('ns', 'b'));
  await tick();
  assert.deepEqual(log.sort(), ['one add a', 'one add b', 'two add a', 'two add b']);
  one.stop();
  two.stop();
});

test('a metadata-only informer caches and hands out PartialObjectMetadata, apart from the full objects', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), { ...pod('ns', 'a', { app: 'web' }), metadata: { name: 'a', namespace: 'ns', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true }] } });
  const full = sharedInformer(c, R.pods);
  const meta = sharedInformer(c, R.pods, { metadataOnly: true });
  const seen: KubeObject[] = [];
  meta.addHandler({ add: (o) => seen.push(o), update: (_a, b) => seen.push(b), delete: (o) => seen.push(o) });
  await Promise.all([full.start(), meta.start()]);
  const m = meta.get('ns/a')!;
  assert.deepEqual(Object.keys(m).sort(), ['apiVersion', 'kind', 'metadata']);
  assert.equal(m.kind, 'PartialObjectMetadata');
  assert.equal(m.apiVersion, 'meta.k8s.io/v1');
  assert.equal(m.metadata.ownerReferences?.[0].uid, 'u1', 'the whole metadata is kept');
  assert.ok(Object.isFrozen(m));
  assert.deepEqual(full.get('ns/a')?.spec, {}, 'the full informer still has the spec');
  assert.deepEqual(meta.listControlledBy('u1'), [m]);
  assert.deepEqual(meta.listBySelector('ns', 'app=web'), [m]);
  await c.update(at(R.pods, 'ns'), { ...full.get('ns/a')!, metadata: { ...full.get('ns/a')!.metadata, labels: { app: 'db' } } });
  await c.delete(at(R.pods, 'ns', 'a'));
  await tick();
  assert.deepEqual(
    seen.map((o) => [o.kind, o.metadata.labels?.app, 'spec' in o]),
    [
      ['PartialObjectMetadata', 'web', false],
      ['PartialObjectMetadata', 'db', false],
      ['PartialObjectMetadata', 'db', false],
    ],
  );
  full.stop();
  meta.stop();
});

test('different namespaces, selectors or clocks get different informers; clients never share', async () => {
  const c = new FakeClient();
  const p = sharedInformers(c);
  const leases = [
    p.informerFor(R.pods),
    p.informerFor(R.pods, { namespace: 'x' }),
    p.informerFor(at(R.pods, 'x')), // same as the namespace option
    p.informerFor(R.pods, { labelSelector: 'a=b' }),
    p.informerFor(R.pods, { fieldSelector: 'spec.nodeName=n1' }),
    p.informerFor(R.pods, { clock: new FakeClock() }),
    p.informerFor(R.pods, { metadataOnly: true }),
    p.informerFor(R.nodes),
  ];
  assert.equal(p.size(), 7);
  assert.notEqual(sharedInformers(new FakeClient()), p);
  for (const l of leases) l.stop();
  assert.equal(p.size(), 0);
});

test('a consumer sees nothing before its own start; a handler added after sync gets the cache as adds', async () => {
  const c = new FakeClient();
  await c.create(at(R.pods, 'ns'), pod('ns', 'a'));
  const log: string[] = [];
  const first = sharedInformer(c, R.pods);
  await first.start();
  const late = sharedInformer(c, R.pods);
  late.addHandler(recorder('late', log));
  assert.equal(late.hasSynced(), false, 'not started yet');
  await c.create(at(R.pods, 'ns'), pod('ns', 'b'));
  await tick();
  assert.deepEqual(log, [], 'no events before start');
  await late.start();
  assert.ok(late.hasSynced());
  assert.deepEqual(log.sort(), ['late add a', 'late add b']);
  late.addHandler(recorder('later', log));
  assert.deepEqual(log.slice(2).sort(), ['later add a', 'later add b']);
  first.stop();
  late.stop();
});

test("stop detaches only that consumer; the watch stops with the last one; a new consumer relists", async () => {
  const c = new FakeClient();
  const log: string[] = [];
  const a = sharedInformer(c, R.pods);
  const b = sharedInformer(c, R.pods);
  a.addHandler(recorder('a', log));
  b.addHandler(recorder('b', log));
  await Promise.all([a.start(), b.start()]);
  a.stop();
  await c.create(at(R.pods, 'ns'), pod('ns', 'x'));
  await tick();
  assert.deepEqual(log, ['b add x']);
  assert.equal(c.openWatches(), 1, 'still watching for b');
  b.stop();
  await tick();
  assert.equal(c.openWatches(), 0, 'last consumer gone: watch stopped');
  const again = sharedInformer(c, R.pods);
  await again.start();
  assert.equal(lists(c), 2, 'a fresh informer lists again');
  assert.ok(again.get('ns/x'));
  again.stop();
});

test('start resolves for a consumer that stops before the shared cache syncs', async () => {
  const c = new FakeClient();
  c.addReactor((a) => {
    if (a.verb === 'list') throw new Error('apiserver down');
  });
  const other = sharedInformer(c, R.pods, { backoffInitialMs: 60_000 });
  const mine = sharedInformer(c, R.pods, { backoffInitialMs: 60_000 });
  const started = mine.start();
  void other.start();
  mine.stop();
  await started;
  assert.equal(mine.hasSynced(), false);
  other.stop();
});

test('an InformerFactory hands out one lease per key and leases from the client pool', async () => {
  const c = new FakeClient();
  const f = new InformerFactory(c);
  const g = new InformerFactory(c);
  const a = f.informerFor(R.pods);
  assert.equal(f.informerFor(R.pods), a);
  const b = g.informerFor(R.pods);
  assert.notEqual(b, a, 'each factory has its own lease');
  await Promise.all([f.start(), g.start()]);
  assert.equal(watches(c), 1, 'but both factories share the watch');
  f.stop();
  assert.ok(b.hasSynced());
  assert.equal(c.openWatches(), 1);
  g.stop();
  await tick();
  assert.equal(c.openWatches(), 0);
});
