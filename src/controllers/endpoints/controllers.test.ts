import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { startEndpointControllers } from './start.js';
import { untilPasses } from '../../../test/helpers/retry.js';

test('controllers keep Endpoints and EndpointSlices in sync with pods and services', async () => {
  const c = new FakeClient();
  await c.create(at(R.services, 'default'), { metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] } });
  await c.create(at(R.services, 'default'), { metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
  const ctl = await startEndpointControllers(c, { workers: 2 });
  try {
    await c.create(at(R.pods, 'default'), {
      metadata: { name: 'web-0', namespace: 'default', labels: { app: 'nginx' } },
      spec: { hostname: 'web-0', subdomain: 'nginx', nodeName: 'n1', containers: [{ name: 'c' }] },
      status: { phase: 'Running', podIP: '10.244.1.2', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    await untilPasses(async () => {
      const ep = await c.get(at(R.endpoints, 'default', 'nginx'));
      assert.deepEqual(ep.subsets[0].addresses.map((a: any) => [a.ip, a.hostname]), [['10.244.1.2', 'web-0']]);
      const slices = c.objects(R.endpointslices, 'default');
      assert.equal(slices.length, 1);
      assert.deepEqual(slices[0].endpoints.map((e: any) => e.addresses[0]), ['10.244.1.2']);
    });
    await c.patch(at(R.pods, 'default', 'web-0', 'status'), 'merge', { status: { podIP: '10.244.2.7', conditions: [{ type: 'Ready', status: 'False' }] } });
    await untilPasses(async () => {
      const ep = await c.get(at(R.endpoints, 'default', 'nginx'));
      assert.equal(ep.subsets[0].addresses, undefined);
      assert.equal(ep.subsets[0].notReadyAddresses[0].ip, '10.244.2.7');
      const [slice] = c.objects(R.endpointslices, 'default');
      assert.equal(slice.endpoints[0].conditions.ready, false);
    });
    assert.equal(c.objects(R.endpoints, 'default').filter((e) => e.metadata.name === 'manual').length, 0, 'selector-less services are not managed');
    await c.delete(at(R.services, 'default', 'nginx'));
    await untilPasses(() => {
      assert.equal(c.objects(R.endpoints, 'default').length, 0);
      assert.equal(c.objects(R.endpointslices, 'default').length, 0);
    });
  } finally {
    await ctl.stop();
  }
});
