// IPAM under churn, black-box: 1,000 pods are created and deleted in overlapping waves on three
// nodes (3 × 253 addresses, so the /24s cycle and addresses are reused) while a watch over all pods records, at every event, the IP
// of every live pod. No two live pods may ever share an IP.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { createNamespace, eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const TOTAL = 1000;
const WAVE = 150;
const CONCURRENCY = 25;

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  const worker = async (): Promise<void> => {
    while (i < items.length) await fn(items[i++]);
  };
  await Promise.all(Array.from({ length: n }, worker));
}

describe('IPAM under churn', () => {
  let sb: TestSandbox;
  sandboxPerSuite({ timeScale: 0.02, nodes: 3, imagePull: '0', containerStart: '0' }, (started) => {
    sb = started;
  });

  it(`never shows two live pods with the same IP while ${TOTAL} pods churn`, { timeout: 120_000 }, async (t) => {
    const ns = 'churn';
    await createNamespace(sb, ns);
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);

    // uid → IP of every live pod, as the watch reports them.
    const live = new Map<string, { name: string; ip: string }>();
    const duplicates: string[] = [];
    const holdersEver = new Map<string, Set<string>>();
    let events = 0;
    let watchError: unknown;
    const onEvent = (type: string, pod: k8s.V1Pod): void => {
      events++;
      const uid = pod.metadata!.uid!;
      if (type === 'DELETED') {
        live.delete(uid);
        return;
      }
      const ip = pod.status?.podIP;
      if (!ip) return;
      if (!holdersEver.has(ip)) holdersEver.set(ip, new Set());
      holdersEver.get(ip)!.add(uid);
      live.set(uid, { name: pod.metadata!.name!, ip });
      const holders = [...live.entries()].filter(([, v]) => v.ip === ip);
      if (holders.length > 1) duplicates.push(`${ip}: ${holders.map(([u, v]) => `${v.name}(${u.slice(0, 8)})`).join(', ')}`);
    };
    const watch = new k8s.Watch(sb.kc);
    const req = await watch.watch(`/api/v1/namespaces/${ns}/pods`, {}, onEvent, (err) => {
      if (err) watchError = err;
    });

    const started = Date.now();
    const body = (i: number): k8s.V1Pod => ({
      metadata: { name: `p-${i}`, labels: { app: 'churn' } },
      spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'nginx:1.25' }] },
    });
    const withIP = async (from: number, to: number): Promise<void> => {
      await eventually(async () => {
        const list = await api.listNamespacedPod({ namespace: ns });
        const ready = new Set(list.items.filter((p) => p.status?.podIP).map((p) => p.metadata!.name));
        for (let i = from; i < to; i++) if (!ready.has(`p-${i}`)) return false;
        return true;
      }, { timeoutMs: 60_000, intervalMs: 250, message: `pods p-${from}..p-${to - 1} have IPs` });
    };

    // Waves: create WAVE pods, then delete the previous wave while the next one is created.
    let created = 0;
    let previous: number[] = [];
    while (created < TOTAL) {
      const batch = Array.from({ length: Math.min(WAVE, TOTAL - created) }, (_, k) => created + k);
      const deletions = pool(previous, CONCURRENCY, (i) => api.deleteNamespacedPod({ namespace: ns, name: `p-${i}` }));
      const w0 = Date.now();
      await pool(batch, CONCURRENCY, (i) => api.createNamespacedPod({ namespace: ns, body: body(i) }));
      const w1 = Date.now();
      await deletions;
      const w2 = Date.now();
      await withIP(batch[0], batch[batch.length - 1] + 1);
      t.diagnostic(`wave at ${created}: create ${w1 - w0} ms, deletes ${w2 - w0} ms, IPs ${Date.now() - w0} ms`);
      created += batch.length;
      previous = batch;
    }
    await pool(previous, CONCURRENCY, (i) => api.deleteNamespacedPod({ namespace: ns, name: `p-${i}` }));
    await eventually(async () => (await api.listNamespacedPod({ namespace: ns })).items.length === 0, {
      timeoutMs: 30_000,
      message: 'all churn pods gone',
    });
    await eventually(() => live.size === 0, { message: 'the watch saw every deletion' });
    const took = Date.now() - started;
    const failed = watchError;
    req.abort();
    t.diagnostic(`${TOTAL} pods churned in ${took} ms; ${events} watch events`);

    assert.equal(failed, undefined, `watch failed: ${String(failed)}`);
    assert.deepEqual(duplicates.slice(0, 10), [], `duplicate live IPs observed (${duplicates.length})`);
    assert.ok(events >= TOTAL * 3, `the watch saw ${events} events`);
    // 1,000 pods on 759 addresses: addresses were reused (after their range cycled), never shared.
    const reused = [...holdersEver.values()].filter((u) => u.size > 1).length;
    assert.ok(reused > 0, 'some addresses were handed out again');
    assert.ok(holdersEver.size > 600, `${holdersEver.size} distinct IPs: the ranges cycled before reuse`);
  });
});
