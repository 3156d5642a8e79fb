import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import { silentLogger } from '../controller/logger.js';
import type { KubeObject } from '../apimachinery/types.js';
import { StatusWriter, sameOwnedStatus, type StatusSource } from './status-writer.js';

function source(pod: KubeObject, phase: () => string): StatusSource {
  return { key: `${pod.metadata.namespace}/${pod.metadata.name}`, uid: pod.metadata.uid!, pod, status: () => ({ phase: phase(), conditions: [] }) };
}

test('settled(key) resolves when that pod is written even while other pods keep changing (no starvation)', async () => {
  const client = new FakeClient();
  const a = await client.create<KubeObject>(at(R.pods, 'ns'), { metadata: { name: 'a', namespace: 'ns' }, spec: { containers: [] } });
  const b = await client.create<KubeObject>(at(R.pods, 'ns'), { metadata: { name: 'b', namespace: 'ns' }, spec: { containers: [] } });
  const writer = new StatusWriter({ client, logger: silentLogger, concurrency: 2 });
  let n = 0;
  const busy = source(b, () => `Running-${n++}`); // a status that changes on every write
  let churning = true;
  const churn = (): void => {
    if (!churning) return;
    writer.mark(busy);
    setImmediate(churn);
  };
  churn();
  writer.mark(source(a, () => 'Succeeded'));
  const settled = await Promise.race([writer.settled('ns/a').then(() => 'settled'), new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
  churning = false;
  assert.equal(settled, 'settled');
  assert.equal((await client.get(at(R.pods, 'ns', 'a'))).status?.phase, 'Succeeded');
  writer.stop();
});

test('sameOwnedStatus compares only the kubelet-owned part, treating missing and null alike', () => {
  const cond = (type: string, status: string, extra: Record<string, unknown> = {}) => ({ type, status, lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z', ...extra });
  const base = {
    phase: 'Running',
    hostIP: '10.0.0.1',
    podIP: '10.244.0.5',
    startTime: '2024-01-01T00:00:00Z',
    conditions: [cond('Ready', 'True'), cond('PodScheduled', 'True')],
    containerStatuses: [{ name: 'c', ready: true, state: { running: { startedAt: '2024-01-01T00:00:00Z' } }, lastState: {} }],
  };
  const cases: Array<[string, any, any, boolean]> = [
    ['identical', base, structuredClone(base), true],
    ['foreign condition differs', base, { ...base, conditions: [cond('Ready', 'True'), cond('PodScheduled', 'False')] }, true],
    ['foreign condition missing', base, { ...base, conditions: [cond('Ready', 'True')] }, true],
    ['conditions in another order', base, { ...base, conditions: [cond('PodScheduled', 'True'), cond('Ready', 'True')] }, true],
    ['null field vs missing', { ...base, nominatedNodeName: null, podIPs: null }, base, true],
    ['kubelet condition differs', base, { ...base, conditions: [cond('Ready', 'False', { reason: 'ContainersNotReady' })] }, false],
    ['kubelet condition missing', base, { ...base, conditions: [cond('PodScheduled', 'True')] }, false],
    ['phase differs', base, { ...base, phase: 'Pending' }, false],
    ['container state differs', base, { ...base, containerStatuses: [{ ...base.containerStatuses[0], state: { waiting: { reason: 'ContainerCreating' } } }] }, false],
    ['empty lastState vs none', base, { ...base, containerStatuses: [{ ...base.containerStatuses[0], lastState: undefined }] }, false],
    ['no status on the API side', base, undefined, false],
    ['both empty', {}, undefined, true],
  ];
  for (const [name, a, b, want] of cases) {
    assert.equal(sameOwnedStatus(a, b), want, name);
    assert.equal(sameOwnedStatus(b, a), want, `${name} (swapped)`);
  }
});
