// The scheduler cache's node lists: the snapshot keeps the nodes that hold pods with affinity or
// required anti-affinity terms (what InterPodAffinity walks instead of every node), and keeps them
// current as such pods are assumed, confirmed, moved and removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from './cache.js';
import { HOT } from './framework/node-info.js';
import { node, pod } from './framework/test-helpers.js';

const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'zk' } } }] } } };
const preferred = { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'zk' } } } }] } } };

const names = (c: SchedulerCache) => {
  const s = c.snapshot();
  return { affinity: s.havePodsWithAffinity!.map((n) => n.name), anti: s.havePodsWithRequiredAntiAffinity!.map((n) => n.name) };
};

test('affinity node lists follow pods with terms, and only them', () => {
  const c = new SchedulerCache();
  for (const n of ['n3', 'n1', 'n2']) c.addOrUpdateNode(node(n));
  assert.deepEqual(names(c), { affinity: [], anti: [] });

  c.assume(pod('plain', { spec: {} }), 'n1');
  assert.deepEqual(names(c), { affinity: [], anti: [] });

  c.assume(pod('zk-0', { labels: { app: 'zk' }, spec: anti }), 'n3');
  c.upsertPod(pod('web', { nodeName: 'n2', spec: { nodeName: 'n2', ...preferred } }));
  assert.deepEqual(names(c), { affinity: ['n2', 'n3'], anti: ['n3'] }, 'in snapshot (name) order');

  c.forget('default/zk-0');
  assert.deepEqual(names(c), { affinity: ['n2'], anti: [] });

  // The same pod updated without its terms leaves the lists.
  c.upsertPod(pod('web', { nodeName: 'n2', spec: { nodeName: 'n2' } }));
  assert.deepEqual(names(c), { affinity: [], anti: [] });
});

test('affinity node lists follow nodes coming and going', () => {
  const c = new SchedulerCache();
  c.upsertPod(pod('zk-0', { labels: { app: 'zk' }, nodeName: 'n1', spec: { nodeName: 'n1', ...anti } }));
  assert.deepEqual(names(c), { affinity: [], anti: [] }, 'the node is not known yet');
  c.addOrUpdateNode(node('n1'));
  assert.deepEqual(names(c), { affinity: ['n1'], anti: ['n1'] });
  c.removeNode('n1');
  assert.deepEqual(names(c), { affinity: [], anti: [] });
});

test('cached node fields follow the Node object', () => {
  const c = new SchedulerCache();
  c.addOrUpdateNode(node('n1'));
  const info = c.node('n1')!;
  assert.equal(info.unschedulable, false);
  assert.deepEqual(info.taints, []);
  c.addOrUpdateNode(node('n1', { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }], labels: { zone: 'a' } }));
  assert.equal(info.unschedulable, true);
  assert.deepEqual(info.taints, [{ key: 'k', effect: 'NoSchedule' }]);
  assert.equal(info.labels.zone, 'a');
});

test('the unboxed per-node numbers stay in step with the node and its pods', () => {
  const c = new SchedulerCache();
  c.addOrUpdateNode(node('n1', { cpu: '4', memory: '8Gi', pods: '10' }));
  const info = c.node('n1')!;
  const hot = () => ({
    allocCpu: info.hot[HOT.allocMilliCPU],
    allocMem: info.hot[HOT.allocMemory],
    allocPods: info.hot[HOT.allocPods],
    reqCpu: info.hot[HOT.reqMilliCPU],
    reqMem: info.hot[HOT.reqMemory],
    nzCpu: info.hot[HOT.nzMilliCPU],
    nzMem: info.hot[HOT.nzMemory],
    pods: info.hot[HOT.pods],
  });
  const gi = 1024 ** 3;
  assert.deepEqual(hot(), { allocCpu: 4000, allocMem: 8 * gi, allocPods: 10, reqCpu: 0, reqMem: 0, nzCpu: 0, nzMem: 0, pods: 0 });
  c.assume(pod('a', { cpu: '500m', memory: '3Gi' }), 'n1');
  c.assume(pod('b'), 'n1'); // no requests: counts 100m / 200Mi towards scoring only
  assert.deepEqual(hot(), { allocCpu: 4000, allocMem: 8 * gi, allocPods: 10, reqCpu: 500, reqMem: 3 * gi, nzCpu: 600, nzMem: 3 * gi + 200 * 1024 ** 2, pods: 2 });
  c.forget('default/a');
  c.addOrUpdateNode(node('n1', { cpu: '8', memory: '16Gi', pods: '20' }));
  assert.deepEqual(hot(), { allocCpu: 8000, allocMem: 16 * gi, allocPods: 20, reqCpu: 0, reqMem: 0, nzCpu: 100, nzMem: 200 * 1024 ** 2, pods: 1 });
});
