// Kruise Advanced StatefulSet scaling against the sandbox: reserveOrdinals (ints and "a-b" ranges;
// pods on newly reserved ordinals are deleted), ordinals.start, scaleStrategy.maxUnavailable
// limiting how many pods are being created/unready at once, PVC retention (whenScaled=Delete,
// whenDeleted=Retain), and the FailedCreatePod status condition.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';
import { AstsEnv, asts, names } from './advanced-statefulset-env.js';

describe('Advanced StatefulSet scaling', { concurrency: 4 }, () => {
  let sb: TestSandbox;
  let env: AstsEnv;
  sandboxPerSuite({ timeScale: 0.05 }, (started) => {
    sb = started;
    env = new AstsEnv(sb);
  });

  it('reserveOrdinals skips ints and ranges; newly reserved pods are deleted', async () => {
    const ns = await env.namespace('reserve');
    await env.create(ns, asts('web', { replicas: 3, reserveOrdinals: [1, '3-4'] }));
    await env.waitRolledOut(ns, 'web');
    assert.equal(names(await env.pods(ns, 'web')), 'web-0,web-2,web-5');
    await env.patch(ns, 'web', { spec: { reserveOrdinals: [0] } });
    await env.waitPods(ns, 'web', (ps) => names(ps) === 'web-1,web-2,web-3' && ps.every((p) => p.ready), 'pods 1,2,3');
    const s = await env.waitRolledOut(ns, 'web');
    assert.equal(s.status.replicas, 3);
  });

  it('ordinals.start numbers pods from start, still skipping reserved ordinals', async () => {
    const ns = await env.namespace('start');
    await env.create(ns, asts('web', { replicas: 3, ordinals: { start: 5 }, reserveOrdinals: [6] }));
    await env.waitRolledOut(ns, 'web');
    assert.equal(names(await env.pods(ns, 'web')), 'web-5,web-7,web-8');
  });

  it('scaleStrategy.maxUnavailable bounds the pods being created or unready during scale-up', async () => {
    const ns = await env.namespace('scalemax');
    await env.create(ns, asts('web', { replicas: 1, scaleStrategy: { maxUnavailable: 2 } }));
    await env.waitRolledOut(ns, 'web');
    await env.patch(ns, 'web', { spec: { replicas: 7 } });
    let maxDown = 0;
    await eventually(
      async () => {
        const ps = await env.pods(ns, 'web');
        maxDown = Math.max(maxDown, ps.filter((p) => !p.ready).length);
        return ps.length === 7 && ps.every((p) => p.ready);
      },
      { timeoutMs: 60_000, intervalMs: 5, message: '7 ready pods' },
    );
    assert.ok(maxDown <= 2, `at most 2 pods unready during scale-up, saw ${maxDown}`);
    assert.ok(maxDown >= 1);
  });

  it('PVC retention: whenScaled=Delete removes claims of scaled-in pods, whenDeleted=Retain keeps the rest', async () => {
    const ns = await env.namespace('pvc');
    const vct = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } }];
    await env.create(ns, asts('web', { replicas: 3, volumeClaimTemplates: vct, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }));
    await env.waitRolledOut(ns, 'web', 60_000);
    const claims = async () => ((await env.req('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`)).items as any[]).filter((c) => !c.metadata.deletionTimestamp).map((c) => c.metadata.name).sort().join(',');
    assert.equal(await claims(), 'data-web-0,data-web-1,data-web-2');
    await env.patch(ns, 'web', { spec: { replicas: 1 } });
    await eventually(async () => (await claims()) === 'data-web-0', { timeoutMs: 30_000, message: 'claims of web-1, web-2 deleted' });
    await env.req('DELETE', `/apis/apps.kruise.io/v1beta1/namespaces/${ns}/statefulsets/web`);
    await env.waitPods(ns, 'web', (ps) => ps.length === 0, 'pods gone');
    assert.equal(await claims(), 'data-web-0');
  });

  it('FailedCreatePod condition when a pod cannot be created', async () => {
    const ns = await env.namespace('failcreate');
    // a foreign pod squatting on web-1's name: creation fails with AlreadyExists
    await env.req('POST', `/api/v1/namespaces/${ns}/pods`, { metadata: { name: 'web-1', labels: { other: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    await env.create(ns, asts('web', { replicas: 2 }));
    const s = await eventually(async () => {
      const s = await env.get(ns, 'web');
      return s.status?.conditions?.find((c: any) => c.type === 'FailedCreatePod') ? s : false;
    }, { message: 'FailedCreatePod condition' });
    const cond = s.status.conditions.find((c: any) => c.type === 'FailedCreatePod');
    assert.equal(cond.status, 'True');
    assert.match(cond.message, /^StatefulPodControl failed to create Pod error: .*web-1.* already exists/);
  });
});
