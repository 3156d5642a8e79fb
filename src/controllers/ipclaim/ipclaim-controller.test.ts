import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { PodIpAllocator } from '../../network/ipam/pod-ip-allocator.js';
import type { IPClaim } from './claim.js';
import { startIpClaimController } from './start.js';
import { untilPasses } from '../../../test/helpers/retry.js';

const node: KubeObject = { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24' } };

async function setWithPods(c: FakeClient, a: PodIpAllocator, release: string, replicas = 3): Promise<KubeObject> {
  const set: KubeObject = await c.create<KubeObject>(at(R.statefulsets, 'default'), {
    metadata: { name: 'web', namespace: 'default', annotations: { 'network.ordinal.dev/sticky-ip': 'true', 'network.ordinal.dev/ip-release': release } },
    spec: { replicas },
  });
  for (let i = 0; i < replicas; i++) {
    const pod = await c.create(at(R.pods, 'default'), {
      metadata: { name: `web-${i}`, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid!, controller: true }] },
      spec: {},
    });
    await a.allocate(pod, node);
  }
  return set;
}

async function scaleTo(c: FakeClient, a: PodIpAllocator, replicas: number, from: number): Promise<void> {
  await c.patch(at(R.statefulsets, 'default', 'web'), 'merge', { spec: { replicas } });
  for (let i = from - 1; i >= replicas; i--) {
    const pod = await c.get(at(R.pods, 'default', `web-${i}`));
    await a.release(pod);
    await c.delete(at(R.pods, 'default', `web-${i}`));
  }
}

const claimNames = (c: FakeClient) => c.objects<IPClaim>(R.ipclaims, 'default').map((x) => x.metadata.name).sort();

test('OnScaleDown deletes the claims of scaled-away ordinals only', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  await setWithPods(c, a, 'OnScaleDown');
  const ctl = await startIpClaimController(c);
  try {
    await scaleTo(c, a, 1, 3);
    await untilPasses(() => assert.deepEqual(claimNames(c), ['web-0']));
  } finally {
    await ctl.stop();
  }
});

test('default policy keeps claims on scale-down (IPs come back on scale-up) and releases on set delete', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  const set = await setWithPods(c, a, 'OnStatefulSetDelete');
  const before = Object.fromEntries(c.objects<IPClaim>(R.ipclaims).map((x) => [x.metadata.name, x.spec.ip]));
  const ctl = await startIpClaimController(c);
  try {
    await scaleTo(c, a, 1, 3);
    await untilPasses(() => assert.equal(c.objects<IPClaim>(R.ipclaims).find((x) => x.metadata.name === 'web-2')?.status?.phase, 'Released'));
    assert.deepEqual(claimNames(c), ['web-0', 'web-1', 'web-2']);
    const back = await c.create(at(R.pods, 'default'), {
      metadata: { name: 'web-2', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid!, controller: true }] },
      spec: {},
    });
    await c.patch(at(R.statefulsets, 'default', 'web'), 'merge', { spec: { replicas: 3 } });
    assert.deepEqual(await a.allocate(back, node), { ip: before['web-2'] });
    await c.delete(at(R.statefulsets, 'default', 'web'));
    for (const p of c.objects(R.pods, 'default')) await c.delete(at(R.pods, 'default', p.metadata.name));
    await untilPasses(() => assert.deepEqual(claimNames(c), []));
  } finally {
    await ctl.stop();
  }
});

test('Never keeps claims after the set is deleted', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  await setWithPods(c, a, 'Never', 1);
  assert.equal(c.objects<IPClaim>(R.ipclaims)[0].metadata.ownerReferences, undefined);
  const ctl = await startIpClaimController(c);
  try {
    await c.delete(at(R.statefulsets, 'default', 'web'));
    await c.delete(at(R.pods, 'default', 'web-0'));
    await untilPasses(() => assert.equal(c.objects<IPClaim>(R.ipclaims)[0].status?.phase, 'Released'));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(claimNames(c), ['web-0']);
  } finally {
    await ctl.stop();
  }
});

test('a duration policy deletes the claim once released for that long', async () => {
  const c = new FakeClient();
  const a = new PodIpAllocator(c);
  await setWithPods(c, a, '100ms', 1);
  const ctl = await startIpClaimController(c);
  try {
    await c.delete(at(R.pods, 'default', 'web-0'));
    await untilPasses(() => assert.equal(c.objects<IPClaim>(R.ipclaims)[0]?.status?.phase, 'Released'));
    await untilPasses(() => assert.deepEqual(claimNames(c), []));
  } finally {
    await ctl.stop();
  }
});
