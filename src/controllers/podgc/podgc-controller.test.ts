import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { silentLogger } from '../../controller/logger.js';
import { PodGarbageCollector } from './podgc-controller.js';
import type { KubeObject } from '../../apimachinery/types.js';

const pod = (name: string, nodeName: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { nodeName, containers: [] } });

async function until(fn: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !fn(); i++) await new Promise((r) => setTimeout(r, 5));
}

test('pods bound to a vanished node are force-deleted after the quarantine, others are kept', async () => {
  const c = new FakeClient();
  await c.create(R.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'alive' } });
  await c.create(at(R.pods, 'ns'), pod('on-alive', 'alive'));
  await c.create(at(R.pods, 'ns'), pod('on-gone', 'gone'));
  await c.create(at(R.pods, 'ns'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unscheduled', namespace: 'ns' }, spec: { containers: [] } });
  const gc = new PodGarbageCollector(c, { logger: silentLogger, timeScale: 1 });
  await gc.start();
  const t0 = Date.now();
  await gc.sweep(t0); // first sighting starts the quarantine
  assert.equal((await c.list(at(R.pods, 'ns'))).items.length, 3, 'nothing deleted during the quarantine');
  await gc.sweep(t0 + 41_000);
  await until(() => c.objects(R.pods, 'ns').length === 2);
  const left = (await c.list(at(R.pods, 'ns'))).items.map((p) => p.metadata.name).sort();
  assert.deepEqual(left, ['on-alive', 'unscheduled']);
  gc.stop();
});
