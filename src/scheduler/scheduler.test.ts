// The scheduling loop against the in-memory API: binding through pods/binding, the zk
// anti-affinity case from the seed, status conditions and events on failure, requeue when a node
// appears, forgetting an assumed pod when its bind fails, WaitForFirstConsumer claims, and
// throughput on 100 nodes.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { errors } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import { R, at } from '../client/resources.js';
import { FakeEventRecorder } from '../controller/events.js';
import { node, pod } from './framework/test-helpers.js';
import { startScheduler, type RunningScheduler } from './scheduler.js';
import { BindingFakeClient } from './test-client.js';

async function until<T>(fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'zk' } } }] } } };

let running: RunningScheduler | undefined;
afterEach(() => running?.stop());

async function setup(nodes: KubeObject[]) {
  const client = new BindingFakeClient();
  for (const n of nodes) await client.create(R.nodes, n);
  const recorder = new FakeEventRecorder();
  running = startScheduler(client, { recorder });
  await running.ready;
  const pods = () => client.objects(R.pods, 'default');
  return { client, recorder, pods };
}

void describe('scheduler loop', () => {
  void it('zk: 3 pods with required anti-affinity land on 3 nodes, the 4th stays Pending with the upstream message', async () => {
    const { client, recorder, pods } = await setup([node('node-1'), node('node-2'), node('node-3')]);
    for (let i = 0; i < 4; i++) await client.create(at(R.pods, 'default'), pod(`zk-${i}`, { labels: { app: 'zk' }, spec: anti }));
    const msg =
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    await until(() => pods().find((p) => p.status?.conditions?.some((c: any) => c.message === msg)));
    const bound = pods().filter((p) => p.spec.nodeName);
    assert.equal(bound.length, 3);
    assert.deepEqual(new Set(bound.map((p) => p.spec.nodeName)), new Set(['node-1', 'node-2', 'node-3']));
    const pending = pods().find((p) => !p.spec.nodeName)!;
    assert.deepEqual(
      pending.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]),
      [['PodScheduled', 'False', 'Unschedulable', msg]],
    );
    assert.ok(recorder.events.includes(`Warning FailedScheduling ${msg}`));
    for (const p of bound) assert.ok(recorder.events.includes(`Normal Scheduled Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`));

    // A new node is an event that may help: the pending pod is retried and lands there.
    await client.create(R.nodes, node('node-4'));
    await until(() => pods().every((p) => p.spec.nodeName));
    assert.equal(pods().find((p) => p.metadata.name === pending.metadata.name)!.spec.nodeName, 'node-4');
  });

  void it('assumed pods are not double-booked while binds are in flight', async () => {
    const { client, pods } = await setup([node('a', { cpu: '1' }), node('b', { cpu: '1' })]);
    for (let i = 0; i < 5; i++) await client.create(at(R.pods, 'default'), pod(`p-${i}`, { cpu: '400m' }));
    await until(() => pods().filter((p) => p.spec.nodeName).length === 4 && pods().some((p) => p.status?.conditions));
    const perNode = new Map<string, number>();
    for (const p of pods()) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(perNode), { a: 2, b: 2 });
    const pending = pods().find((p) => !p.spec.nodeName)!;
    assert.match(pending.status.conditions[0].message, /^0\/2 nodes are available: 2 Insufficient cpu\./);
  });

  void it('a failed bind forgets the assumption and retries', async () => {
    const { client, recorder, pods } = await setup([node('only', { pods: '1' })]);
    client.bindFailures.push(errors.internal('etcd is sad'));
    await client.create(at(R.pods, 'default'), pod('p'));
    await until(() => pods()[0]?.spec.nodeName === 'only', 4000);
    assert.ok(recorder.events.some((e) => e.startsWith('Warning FailedScheduling running Bind plugin "DefaultBinder": Internal error occurred: etcd is sad')));
  });

  void it('ignores pods for other schedulers and annotates WaitForFirstConsumer claims before binding', async () => {
    const { client, pods } = await setup([node('a')]);
    await client.create(R.storageclasses, { metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' });
    await client.create(at(R.persistentvolumeclaims, 'default'), {
      metadata: { name: 'data-db-0', namespace: 'default' },
      spec: { storageClassName: 'local-path', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    await client.create(at(R.pods, 'default'), pod('other', { spec: { schedulerName: 'my-scheduler' } }));
    await client.create(at(R.pods, 'default'), pod('db-0', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] } }));
    await until(() => pods().find((p) => p.metadata.name === 'db-0')?.spec.nodeName);
    const pvc = client.objects(R.persistentvolumeclaims, 'default')[0];
    assert.equal(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node'], 'a');
    assert.equal(pods().find((p) => p.metadata.name === 'other')!.spec.nodeName, undefined);
  });

  void it('schedules 2,000 pods on 100 nodes quickly, within capacity', async () => {
    const nodes = Array.from({ length: 100 }, (_, i) => node(`n-${String(i).padStart(3, '0')}`, { labels: { 'topology.kubernetes.io/zone': `z${i % 3}` }, cpu: '32', pods: '110' }));
    const { client, pods } = await setup(nodes);
    const N = 2000;
    const t0 = Date.now();
    for (let i = 0; i < N; i++) await client.create(at(R.pods, 'default'), pod(`w-${i}`, { cpu: '100m', memory: '64Mi', labels: { app: 'w' } }));
    await until(() => client.bindings.length === N, 60_000);
    const secs = (Date.now() - t0) / 1000;
    const perNode = new Map<string, number>();
    for (const p of pods()) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.ok(Math.max(...perNode.values()) <= 110);
    // LeastAllocated + random tie-break spread the load evenly.
    assert.ok(Math.max(...perNode.values()) - Math.min(...perNode.values()) <= 2, JSON.stringify([...perNode.values()]));
    console.log(`# scheduled ${N} pods on 100 nodes in ${secs.toFixed(2)}s (${Math.round(N / secs)} pods/s incl. pod creation in the fake API)`);
  });
});
