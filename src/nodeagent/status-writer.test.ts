import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import { silentLogger } from '../controller/logger.js';
import type { KubeObject } from '../apimachinery/types.js';
import { StatusWriter, type StatusSource } from './status-writer.js';

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
