// Loop tests: node agents against the in-memory FakeClient, through watches and writes only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ResourceRef } from '../apimachinery/types.js';
import type { DeleteOptions } from '../client/api-client.js';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import { startNodeAgents } from './agent.js';
import { podFixture } from './test-support.js';
import { FakeEventRecorder } from '../controller/events.js';
import { FakeClock } from '../controller/clock.js';

class RecordingClient extends FakeClient {
  deletes: Array<{ ref: ResourceRef; opts?: DeleteOptions }> = [];
  override delete(ref: ResourceRef, opts?: DeleteOptions) {
    this.deletes.push({ ref, opts });
    return super.delete(ref, opts);
  }
}

const zero = { imagePull: 0, containerStart: 0, containerStop: 0, imageCheck: 0 };

async function until<T>(fn: () => Promise<T | undefined>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function pod(name: string, node: string, extra: Record<string, any> = {}): KubeObject {
  const p = podFixture({ name, ...extra });
  delete p.status;
  delete p.metadata.uid;
  p.spec.nodeName = node;
  return p;
}

test('nodes register with labels, CIDRs, addresses, nodeInfo and a Lease', async () => {
  const client = new FakeClient();
  const agents = startNodeAgents(client, { nodes: 3, timings: zero });
  await agents.ready;
  const nodes = (await client.list(R.nodes)).items;
  assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), ['node-0', 'node-1', 'node-2']);
  const n1 = nodes.find((n) => n.metadata.name === 'node-1')!;
  assert.equal(n1.spec.podCIDR, '10.244.1.0/24');
  assert.deepEqual(n1.spec.podCIDRs, ['10.244.1.0/24']);
  assert.equal(n1.metadata.labels!['topology.kubernetes.io/zone'], 'zone-b');
  assert.equal(n1.metadata.labels!['kubernetes.io/hostname'], 'node-1');
  assert.deepEqual(n1.status.addresses, [{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'node-1' }]);
  assert.equal(n1.status.capacity['tke.cloud.tencent.com/eni-ip'], '32');
  assert.equal(n1.status.capacity.pods, '110');
  assert.equal(n1.status.nodeInfo.containerRuntimeVersion, 'ordinal://0.1.0');
  assert.equal(n1.status.conditions.find((c: any) => c.type === 'Ready').reason, 'KubeletReady');
  const lease = await client.get(at(R.leases, 'kube-node-lease', 'node-1'));
  assert.equal(lease.spec.holderIdentity, 'node-1');
  assert.equal(lease.metadata.ownerReferences![0].uid, n1.metadata.uid);
  agents.stop();
});

test('pods bound to simulated nodes run and become Ready; other nodes are ignored', async () => {
  const client = new FakeClient();
  const agents = startNodeAgents(client, { nodes: 2, timings: zero });
  await agents.ready;
  await client.create(at(R.pods, 'default'), pod('a', 'node-0'));
  await client.create(at(R.pods, 'default'), pod('b', 'node-1'));
  await client.create(at(R.pods, 'default'), pod('c', 'elsewhere'));
  for (const name of ['a', 'b']) {
    const p = await until(async () => {
      const p = await client.get(at(R.pods, 'default', name));
      return p.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' ? p : undefined;
    });
    assert.equal(p.status.phase, 'Running');
    assert.match(p.status.podIP, name === 'a' ? /^10\.244\.0\./ : /^10\.244\.1\./);
  }
  const c = await client.get(at(R.pods, 'default', 'c'));
  assert.equal(c.status?.containerStatuses, undefined, 'no agent touched it');
  assert.match(agents.logs.getLogs('default', 'a', 'nginx')!, /started/);
  agents.stop();
});

test('graceful deletion ends with delete(grace 0, uid precondition); a down node keeps the pod Terminating', async () => {
  const client = new RecordingClient();
  const agents = startNodeAgents(client, { nodes: 2, timings: zero });
  await agents.ready;
  const hold = { metadata: { finalizers: ['test/hold'] } };
  const a = await client.create(at(R.pods, 'default'), { ...pod('a', 'node-0'), metadata: { ...pod('a', 'node-0').metadata, ...hold.metadata } });
  await until(async () => ((await client.get(at(R.pods, 'default', 'a'))).status?.phase === 'Running' ? true : undefined));
  await client.delete(at(R.pods, 'default', 'a'), { gracePeriodSeconds: 30 });
  const del = await until(async () => client.deletes.find((d) => d.opts?.gracePeriodSeconds === 0));
  assert.deepEqual(del.opts, { gracePeriodSeconds: 0, preconditions: { uid: a.metadata.uid } });
  const stopped = await client.get(at(R.pods, 'default', 'a'));
  assert.equal(stopped.status.containerStatuses[0].state.terminated.exitCode, 0);

  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': 'true' } } });
  const b = await client.create(at(R.pods, 'default'), { ...pod('b', 'node-1'), metadata: { ...pod('b', 'node-1').metadata, ...hold.metadata } });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await client.get(at(R.pods, 'default', 'b'))).status?.containerStatuses, undefined, 'a dead node reports nothing');
  await client.patch(at(R.nodes, undefined, 'node-1'), 'merge', { metadata: { annotations: { 'sim.ordinal.dev/down': null } } });
  await until(async () => ((await client.get(at(R.pods, 'default', 'b'))).status?.phase === 'Running' ? true : undefined));
  assert.ok(b.metadata.uid);
  agents.stop();
});

test('1,000 pods on 10 nodes reach Ready with zero delays', async () => {
  const client = new FakeClient();
  const agents = startNodeAgents(client, { nodes: 10, timings: zero });
  await agents.ready;
  const t0 = Date.now();
  for (let i = 0; i < 1000; i++) await client.create(at(R.pods, 'default'), pod(`p-${i}`, `node-${i % 10}`));
  await until(async () => {
    const pods = (await client.list(R.pods)).items;
    return pods.every((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) ? true : undefined;
  }, 20_000);
  const writes = client.actions.filter((a) => a.verb === 'patch' && a.ref.subresource === 'status' && a.ref.resource === 'pods').length;
  assert.ok(writes <= 1100, `status writes are coalesced (got ${writes})`);
  assert.ok(Date.now() - t0 < 20_000);
  agents.stop();
});

test('a Node created through the API with the simulated label gets an agent; deleting it stops the agent', async () => {
  const client = new FakeClient();
  const agents = startNodeAgents(client, { nodes: 1, timings: zero });
  await agents.ready;
  assert.equal((await client.get(at(R.nodes, undefined, 'node-0'))).metadata.labels!['node.ordinal.dev/simulated'], 'true');
  await client.create(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'extra', labels: { 'node.ordinal.dev/simulated': 'true', team: 'x' } } });
  await client.create(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'foreign' } });
  const extra = await until(async () => {
    const n = await client.get(at(R.nodes, undefined, 'extra'));
    return n.spec?.podCIDR && n.status?.nodeInfo ? n : undefined;
  });
  assert.equal(extra.spec.podCIDR, '10.244.1.0/24', 'the next free pod CIDR');
  assert.equal(extra.metadata.labels!['kubernetes.io/hostname'], 'extra');
  assert.equal(extra.metadata.labels!.team, 'x', 'user labels are kept');
  await until(() => client.get(at(R.leases, 'kube-node-lease', 'extra')));
  assert.deepEqual(agents.nodeNames().sort(), ['extra', 'node-0'], 'an unlabelled node is not simulated');
  await client.create(at(R.pods, 'default'), pod('on-extra', 'extra'));
  await until(async () => ((await client.get(at(R.pods, 'default', 'on-extra'))).status?.phase === 'Running' ? true : undefined));

  await client.delete(at(R.nodes, undefined, 'extra'));
  await until(async () => (agents.nodeNames().includes('extra') ? undefined : true));
  await until(async () => ((await client.get(at(R.leases, 'kube-node-lease', 'extra')).catch(() => undefined)) ? undefined : true));
  agents.stop();
});

test('a pod whose sandbox cannot get an IP is reported ContainerCreating with FailedCreatePodSandBox', async () => {
  const client = new FakeClient();
  const recorder = new FakeEventRecorder();
  const ipAllocator = {
    allocateIp: () => {
      throw new Error('IP 10.244.7.9 is already in use');
    },
    releaseIp: () => undefined,
  };
  const agents = startNodeAgents(client, { nodes: 1, timings: zero, ipAllocator, recorderFor: () => recorder, timeScale: 0.05 });
  await agents.ready;
  await client.create(at(R.pods, 'default'), pod('fixed', 'node-0'));
  const p = await until(async () => {
    const p = await client.get(at(R.pods, 'default', 'fixed'));
    return p.status?.containerStatuses ? p : undefined;
  });
  assert.equal(p.status.phase, 'Pending');
  assert.equal(p.status.podIP, undefined);
  assert.deepEqual(p.status.containerStatuses[0].state, { waiting: { reason: 'ContainerCreating' } });
  assert.equal(p.status.conditions.find((c: any) => c.type === 'PodReadyToStartContainers').status, 'False');
  assert.ok(recorder.events.includes('Warning FailedCreatePodSandBox Failed to create pod sandbox: IP 10.244.7.9 is already in use'));
  agents.stop();
});

test('a failed sandbox is retried after kubelet\'s 10 s pod worker back-off, not in a tight loop', async () => {
  const clock = new FakeClock();
  const client = new FakeClient({ now: () => clock.now() });
  let calls = 0;
  const ipAllocator = {
    allocateIp: () => {
      if (++calls === 1) throw new Error('IP 10.244.7.9 is already in use');
      return '10.244.7.9';
    },
    releaseIp: () => undefined,
  };
  const agents = startNodeAgents(client, { nodes: 1, clock, timings: zero, ipAllocator });
  await agents.ready;
  await client.create(at(R.pods, 'default'), pod('fixed', 'node-0'));
  await until(async () => (calls === 1 ? true : undefined));
  for (let t = 0; t < 9; t++) {
    clock.step(1000);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(calls, 1, 'no retry within the back-off period');
  clock.step(1000);
  const p = await until(async () => {
    const p = await client.get(at(R.pods, 'default', 'fixed'));
    return p.status?.podIP ? p : undefined;
  });
  assert.equal(calls, 2);
  assert.equal(p.status.podIP, '10.244.7.9');
  agents.stop();
});

test('each node has its own image cache: Pulling on first use per node, "already present" after', async () => {
  const client = new FakeClient();
  const seen: string[] = [];
  const recorderFor = (node: string) => ({
    event: (obj: KubeObject, _type: string, reason: string, message: string) => {
      if (reason === 'Pulling' || reason === 'Pulled') seen.push(`${node} ${obj.metadata.name} ${reason} ${message.split(' ').slice(0, 2).join(' ')}`);
    },
  });
  const agents = startNodeAgents(client, { nodes: 2, timings: zero, recorderFor });
  await agents.ready;
  const ready = (name: string) =>
    until(async () => {
      const p = await client.get(at(R.pods, 'default', name));
      return p.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' ? p : undefined;
    });
  for (const [name, node] of [['a', 'node-0'], ['b', 'node-0'], ['c', 'node-1']]) {
    await client.create(at(R.pods, 'default'), pod(name, node));
    await ready(name);
  }
  assert.deepEqual(seen, [
    'node-0 a Pulling Pulling image',
    'node-0 a Pulled Successfully pulled',
    'node-0 b Pulled Container image',
    'node-1 c Pulling Pulling image',
    'node-1 c Pulled Successfully pulled',
  ]);
  agents.stop();
});

test('a readiness-gate flip that lands just before our status write is not lost (Ready follows)', async () => {
  // A controller (Kruise) flips the gate between the agent's render and its write: the write's
  // response is the first the agent sees of the flip, and the flip's own event is older than it.
  class GateRace extends FakeClient {
    armed = true;
    // Watch events lag (as an informer's queue can): the write's response arrives first.
    override watch(ref: ResourceRef, opts: any, onEvent: (e: any) => void) {
      return super.watch(ref, opts, (e) => void setTimeout(() => onEvent(e), 20));
    }
    override async patch(ref: ResourceRef, type: any, body: any, opts?: any): Promise<any> {
      if (this.armed && ref.subresource === 'status' && body?.status?.containerStatuses?.some((c: any) => c.ready)) {
        this.armed = false;
        await super.patch(ref, 'strategic', { status: { conditions: [{ type: 'InPlaceUpdateReady', status: 'True' }] } });
      }
      return super.patch(ref, type, body, opts);
    }
  }
  const client = new GateRace();
  const agents = startNodeAgents(client, { nodes: 1, timings: zero });
  await agents.ready;
  await client.create(at(R.pods, 'default'), pod('g', 'node-0', { spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] } }));
  const p = await until(async () => {
    const p = await client.get(at(R.pods, 'default', 'g'));
    return p.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' ? p : undefined;
  }, 2000);
  assert.equal(client.armed, false, 'the race was staged');
  assert.equal(p.status.conditions.find((c: any) => c.type === 'InPlaceUpdateReady').status, 'True');
  agents.stop();
});
