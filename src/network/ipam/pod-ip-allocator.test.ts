import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import type { IPClaim } from '../../controllers/ipclaim/claim.js';
import { PodIpAllocator } from './pod-ip-allocator.js';

const node = (name: string, podCIDR?: string): KubeObject => ({
  metadata: { name },
  spec: podCIDR ? { podCIDR } : {},
  status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
});

async function mkPod(c: FakeClient, name: string, extra: { annotations?: Record<string, string>; owner?: KubeObject } = {}): Promise<KubeObject> {
  const o = extra.owner;
  return c.create(at(R.pods, 'default'), {
    metadata: {
      name,
      namespace: 'default',
      annotations: extra.annotations,
      ...(o ? { ownerReferences: [{ apiVersion: o.apiVersion!, kind: 'StatefulSet', name: o.metadata.name!, uid: o.metadata.uid!, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  });
}

async function mkSet(c: FakeClient, annotations: Record<string, string>, spec: Record<string, unknown> = {}, ref = R.statefulsets): Promise<KubeObject> {
  return c.create(at(ref, 'default'), { metadata: { name: 'web', namespace: 'default', annotations }, spec: { replicas: 3, ...spec } });
}

/** Deletes a pod as the node agent would see it: release first, then the object goes. */
async function deletePod(c: FakeClient, a: PodIpAllocator, pod: KubeObject): Promise<void> {
  await a.release(pod);
  await c.delete(at(R.pods, 'default', pod.metadata.name));
}

const ipOf = (r: { ip: string } | { error: string }) => ('ip' in r ? r.ip : `error: ${r.error}`);

test('ordinary pods get sequential addresses from their node /24 and do not reuse released ones at once', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const n1 = node('n1', '10.244.1.0/24');
  const n2 = node('n2', '10.244.2.0/24');
  const p = [await mkPod(c, 'a'), await mkPod(c, 'b'), await mkPod(c, 'c')];
  assert.equal(ipOf(await a.allocate(p[0], n1)), '10.244.1.2');
  assert.equal(ipOf(await a.allocate(p[1], n1)), '10.244.1.3');
  assert.equal(ipOf(await a.allocate(p[2], n2)), '10.244.2.2');
  assert.equal(ipOf(await a.allocate(p[0], n1)), '10.244.1.2', 'same pod, same address (sandbox re-creation)');
  await deletePod(c, a, p[0]);
  const d = await mkPod(c, 'a');
  assert.equal(ipOf(await a.allocate(d, n1)), '10.244.1.4', 'recreated pod gets a new address');
});

test('a node without podCIDR and an exhausted range give sandbox errors', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  assert.equal(ipOf(await a.allocate(await mkPod(c, 'x'), node('n0'))), 'error: no podCidr for node n0');
  const small = node('n9', '10.244.9.0/30'); // tiny range: 4 addresses, all usable
  for (const n of ['p0', 'p1', 'p2', 'p3']) assert.doesNotMatch(ipOf(await a.allocate(await mkPod(c, n), small)), /error/);
  assert.match(ipOf(await a.allocate(await mkPod(c, 'p4'), small)), /no IP addresses available in range set: 10.244.9.0-10.244.9.3/);
});

test('restart rebuilds the used set from pods status.podIP (no duplicates across restarts)', async () => {
  const c = new FakeClient();
  const a1 = new PodIpAllocator(c);
  const n1 = node('n1', '10.244.1.0/24');
  for (const name of ['a', 'b']) {
    const pod = await mkPod(c, name);
    const ip = ipOf(await a1.allocate(pod, n1));
    await c.patch(at(R.pods, 'default', name, 'status'), 'merge', { status: { podIP: ip, phase: 'Running' } });
  }
  const a2 = new PodIpAllocator(c); // a fresh process
  assert.equal(ipOf(await a2.allocate(await mkPod(c, 'c'), n1)), '10.244.1.4');
  assert.equal(a2.registry.size, 3);
});

test('pods deleted without release are reclaimed by resync when the range runs out', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const small = node('n9', '10.244.9.0/30');
  const pods: KubeObject[] = [];
  for (const n of ['p0', 'p1', 'p2', 'p3']) {
    const pod = await mkPod(c, n);
    pods.push(pod);
    await a.allocate(pod, small);
  }
  await c.delete(at(R.pods, 'default', 'p1')); // e.g. force-deleted while its node was down
  assert.equal(ipOf(await a.allocate(await mkPod(c, 'p4'), small)), '10.244.9.1');
});

test('Calico ipAddrs: exact address, in-use conflict, outside the cluster CIDR', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c, { config: { reserved: ['10.244.7.0-10.244.7.99'] } });
  const n7 = node('n7', '10.244.7.0/24');
  const fixed = { 'cni.projectcalico.org/ipAddrs': '["10.244.7.9"]' };
  assert.equal(ipOf(await a.allocate(await mkPod(c, 'f1', { annotations: fixed }), n7)), '10.244.7.9', 'reserved ranges stay usable for fixed IPs');
  assert.match(ipOf(await a.allocate(await mkPod(c, 'f2', { annotations: fixed }), n7)), /10.244.7.9 .*already in use by pod default\/f1/);
  assert.match(ipOf(await a.allocate(await mkPod(c, 'f3', { annotations: { 'cni.projectcalico.org/ipAddrs': '["10.9.0.1"]' } }), n7)), /not in a configured pool/);
  assert.equal(ipOf(await a.allocate(await mkPod(c, 'auto'), n7)), '10.244.7.100', 'automatic allocation skips the reserved range');
  await assert.rejects(a.allocateIp(await mkPod(c, 'f4', { annotations: fixed }), n7), /already in use/);
});

test('hostNetwork pods get the node address and hold nothing', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const pod = await c.create(at(R.pods, 'default'), { metadata: { name: 'h', namespace: 'default' }, spec: { hostNetwork: true } });
  assert.equal(ipOf(await a.allocate(pod, node('n1', '10.244.1.0/24'))), '172.18.0.2');
  assert.equal(a.registry.size, 0);
});

test('sticky StatefulSet pods keep their IP across deletion and node change; claims record it', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const set = await mkSet(c, { 'tke.cloud.tencent.com/enable-static-ip': 'true' });
  const web0 = await mkPod(c, 'web-0', { owner: set });
  const first = ipOf(await a.allocate(web0, node('n1', '10.244.1.0/24')));
  assert.equal(first, '10.244.254.2', 'from the sticky range, not the node /24');
  const claim = await c.get<IPClaim>(at(R.ipclaims, 'default', 'web-0'));
  assert.equal(claim.spec.ip, first);
  assert.equal(claim.metadata.ownerReferences?.[0].uid, set.metadata.uid);
  assert.deepEqual({ ...claim.status, podUID: undefined }, { podName: 'web-0', podUID: undefined, ip: first, nodeName: 'n1', phase: 'Bound' });

  await deletePod(c, a, web0);
  const released = await c.get<IPClaim>(at(R.ipclaims, 'default', 'web-0'));
  assert.equal(released.status?.phase, 'Released');
  // An ordinary pod created meanwhile must not get the claimed address.
  assert.equal(ipOf(await a.allocate(await mkPod(c, 'web-1', { owner: set }), node('n1', '10.244.1.0/24'))), '10.244.254.3');

  const again = await mkPod(c, 'web-0', { owner: set });
  assert.equal(ipOf(await a.allocate(again, node('n2', '10.244.2.0/24'))), first, 'same IP on another node');
  const rebound = await c.get<IPClaim>(at(R.ipclaims, 'default', 'web-0'));
  assert.equal(rebound.status?.nodeName, 'n2');
  assert.equal(rebound.status?.podUID, again.metadata.uid);
});

test('a recreated allocator (restart) still returns claim IPs and never hands them to others', async () => {
  const c = new FakeClient();
  const set = await mkSet(c, { 'network.ordinal.dev/sticky-ip': 'true' }, { }, R.kruiseStatefulsets);
  const a1 = new PodIpAllocator(c);
  const web0 = await mkPod(c, 'web-0', { owner: { ...set, apiVersion: 'apps.kruise.io/v1beta1' } });
  const ip = ipOf(await a1.allocate(web0, node('n1', '10.244.1.0/24')));
  await deletePod(c, a1, web0);
  const a2 = new PodIpAllocator(c, { config: { stickyCidr: '10.244.254.0/23' } });
  assert.equal(ipOf(await a2.allocate(await mkPod(c, 'web-0', { owner: { ...set, apiVersion: 'apps.kruise.io/v1beta1' } }), node('n3', '10.244.3.0/24'))), ip);
});

test('ordered ip-pool: ordinal i gets the i-th free address; too few addresses is an error', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const n = node('n1', '10.244.1.0/24');
  // Someone else holds .11 with a fixed IP: it is not "free", so positions shift past it.
  await a.allocate(await mkPod(c, 'other', { annotations: { 'cni.projectcalico.org/ipAddrs': '["10.244.200.11"]' } }), n);
  const set = await mkSet(c, { 'network.ordinal.dev/sticky-ip': 'true', 'network.ordinal.dev/ip-pool': '10.244.200.10-10.244.200.13' });
  const got: string[] = [];
  for (const i of [2, 0, 1, 3]) got[i] = ipOf(await a.allocate(await mkPod(c, `web-${i}`, { owner: set }), n));
  assert.deepEqual(got.slice(0, 3), ['10.244.200.10', '10.244.200.12', '10.244.200.13']);
  assert.match(got[3], /not enough addresses in ip-pool "10.244.200.10-10.244.200.13": ordinal 3 needs the 4th free address but only 3 are free/);
});

test('concurrent allocations on many nodes never duplicate an address', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const nodes = [node('n1', '10.244.1.0/24'), node('n2', '10.244.2.0/24')];
  const pods = await Promise.all(Array.from({ length: 200 }, (_, i) => mkPod(c, `p${i}`)));
  const ips = await Promise.all(pods.map((p, i) => a.allocate(p, nodes[i % 2]).then(ipOf)));
  assert.equal(new Set(ips).size, 200);
  assert.ok(ips.every((ip) => /^10\.244\.[12]\.\d+$/.test(ip)));
});

test('sticky allocations follow claims through an informer: no LIST per allocation; a deleted claim frees its address', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const set = await mkSet(c, { 'network.ordinal.dev/sticky-ip': 'true' });
  const n = node('n1', '10.244.1.0/24');
  const ip0 = ipOf(await a.allocate(await mkPod(c, 'web-0', { owner: set }), n));
  const lists = () => c.actions.filter((x) => x.verb === 'list' && x.ref.resource === 'ipclaims').length;
  const before = lists();
  for (const i of [1, 2]) await a.allocate(await mkPod(c, `web-${i}`, { owner: set }), n);
  assert.equal(lists(), before, 'allocations read the cache, not a LIST');
  // The pod goes, then its claim (the IPClaim controller's job): the address becomes free again.
  const web0 = await c.get(at(R.pods, 'default', 'web-0'));
  await deletePod(c, a, web0);
  assert.equal(a.registry.holder(ip0.split('.').reduce((x, o) => x * 256 + Number(o), 0))?.kind, 'IPClaim');
  await c.delete(at(R.ipclaims, 'default', 'web-0'));
  await new Promise((r) => setImmediate(r));
  assert.equal(a.registry.size, 2, 'only web-1 and web-2 still hold addresses');
  a.stop();
});
