// Loop test: node agents and the node lifecycle controller on one FakeClient and one FakeClock:
// node down → Unknown → taints → evictions per toleration → node back → taints cleared.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { FakeClock } from '../../controller/clock.js';
import { startNodeAgents } from '../../nodeagent/agent.js';
import { startNodeLifecycleController } from './controller.js';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    clock.step(1000);
    await settle();
  }
}

function pod(name: string, tolerationSeconds?: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'app', image: 'nginx:1.25' }],
      tolerations:
        tolerationSeconds === undefined ? [] : [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }],
    },
  };
}

test('node down → Unknown + unreachable taints → evictions by toleration → node back clears taints', async () => {
  const clock = new FakeClock();
  const client = new FakeClient({ now: () => clock.now() });
  const agents = startNodeAgents(client, { nodes: 2, clock, timings: { imagePull: 0, containerStart: 0 } });
  await agents.ready;
  const nlc = startNodeLifecycleController(client, { clock });
  await nlc.ready;
  for (const [name, secs] of [['plain', undefined], ['tol-30', 30], ['tol-300', 300]] as const) await client.create(at(R.pods, 'default'), pod(name, secs));
  await settle();
  await agents.idle();
  assert.equal((await client.get(at(R.pods, 'default', 'plain'))).status.phase, 'Running');

  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': 'true' } } });
  await advance(clock, 45_000);
  let node = await client.get(at(R.nodes, undefined, 'node-1'));
  assert.equal(node.status.conditions.find((c: any) => c.type === 'Ready').status, 'True', 'still inside the grace period');
  await advance(clock, 20_000); // first seen at the 5s monitor pass → Unknown after 55s of silence
  node = await client.get(at(R.nodes, undefined, 'node-1'));
  const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
  assert.deepEqual([ready.status, ready.reason, ready.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
  assert.deepEqual(node.spec.taints.map((t: any) => `${t.key}:${t.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  const other = await client.get(at(R.nodes, undefined, 'node-0'));
  assert.equal(other.status.conditions.find((c: any) => c.type === 'Ready').status, 'True', 'the live node is untouched');

  const names = async () => (await client.list(R.pods)).items.map((p) => p.metadata.name).sort();
  assert.deepEqual(await names(), ['tol-30', 'tol-300'], 'a pod without the toleration is evicted at once');
  const survivor = await client.get(at(R.pods, 'default', 'tol-300'));
  assert.equal(survivor.status.conditions.find((c: any) => c.type === 'Ready').status, 'False', 'MarkPodsNotReady');
  await advance(clock, 31_000);
  assert.deepEqual(await names(), ['tol-300']);

  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': null } } });
  await advance(clock, 2000);
  node = await client.get(at(R.nodes, undefined, 'node-1'));
  assert.equal(node.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
  assert.equal(node.spec.taints, undefined, 'taints cleared once the node is back');
  await advance(clock, 300_000);
  assert.deepEqual(await names(), ['tol-300'], 'the pending eviction was cancelled');
  nlc.stop();
  agents.stop();
});

test('out-of-service taint force-deletes terminating pods on a dead node', async () => {
  const clock = new FakeClock();
  const client = new FakeClient({ now: () => clock.now() });
  const agents = startNodeAgents(client, { nodes: 2, clock, timings: { imagePull: 0, containerStart: 0 } });
  await agents.ready;
  const nlc = startNodeLifecycleController(client, { clock });
  await nlc.ready;
  const p = pod('stuck', 100_000);
  p.metadata.finalizers = ['test/hold'];
  await client.create(at(R.pods, 'default'), p);
  await settle();
  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': 'true' } } });
  await advance(clock, 60_000);
  await client.delete(at(R.pods, 'default', 'stuck'), { gracePeriodSeconds: 30 });
  await advance(clock, 5000);
  assert.ok((await client.get(at(R.pods, 'default', 'stuck'))).metadata.deletionTimestamp, 'stays Terminating on a dead node');
  const actionsBefore = client.actions.length;
  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', {
    spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] },
  });
  await advance(clock, 1000);
  const forced = client.actions.slice(actionsBefore).find((a) => a.verb === 'delete' && a.ref.resource === 'pods');
  assert.ok(forced, 'the pod was force-deleted');
  const after = await client.get(at(R.pods, 'default', 'stuck'));
  assert.equal(after.status.conditions.find((c: any) => c.type === 'DisruptionTarget').reason, 'DeletionByPodGC');
  nlc.stop();
  agents.stop();
});

test('tolerationSeconds follows the time scale like every other node timer', async () => {
  const clock = new FakeClock();
  const client = new FakeClient({ now: () => clock.now() });
  const agents = startNodeAgents(client, { nodes: 2, clock, timeScale: 0.1, timings: { imagePull: 0, containerStart: 0 } });
  await agents.ready;
  const nlc = startNodeLifecycleController(client, { clock, timeScale: 0.1 });
  await nlc.ready;
  await client.create(at(R.pods, 'default'), pod('tol-300', 300));
  await settle();
  await agents.idle();
  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': 'true' } } });
  await advance(clock, 7000); // grace 50s × 0.1 = 5s (+ one monitor period)
  const node = await client.get(at(R.nodes, undefined, 'node-1'));
  assert.equal(node.status.conditions.find((c: any) => c.type === 'Ready').status, 'Unknown');
  const names = async () => (await client.list(R.pods)).items.map((p) => p.metadata.name);
  assert.deepEqual(await names(), ['tol-300'], 'not evicted before 300s × 0.1');
  await advance(clock, 31_000);
  assert.deepEqual(await names(), [], 'evicted after 30s, not 300s');
  nlc.stop();
  agents.stop();
});
