// The FailedScheduling message, end to end through schedulePod: counting, sorting, PreFilter
// messages and the preemption suffix, compared with strings kube-scheduler prints.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staticListers } from '../listers.js';
import { defaultPlugins } from '../plugins/registry.js';
import { fitErrorMessage, unschedulableMessage } from './fit-error.js';
import { schedulePod } from './schedule-one.js';
import { node, pod, snapshot } from './test-helpers.js';
import type { Node, Pod } from './types.js';

function message(p: Pod, nodes: Node[], existing: Pod[] = [], listers = staticListers()): string {
  const out = schedulePod(p, snapshot(nodes, existing), { plugins: [...defaultPlugins], listers });
  if (out.kind === 'scheduled') return `scheduled on ${out.node.name}`;
  if (out.kind === 'error') return out.message;
  return unschedulableMessage(p, out.diagnosis);
}

const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'zk' } } }] } } };

void describe('FitError message', () => {
  void it('zk: anti-affinity on every node', () => {
    const nodes = [node('node-1'), node('node-2'), node('node-3')];
    const existing = ['node-1', 'node-2', 'node-3'].map((n, i) => pod(`zk-${i}`, { labels: { app: 'zk' }, nodeName: n, spec: anti }));
    assert.equal(
      message(pod('zk-3', { labels: { app: 'zk' }, spec: anti }), nodes, existing),
      '0/3 nodes are available: 3 node(s) didn\'t match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });
  void it('mixed reasons are counted and sorted as strings; unresolvable ones are not helped by preemption', () => {
    const nodes = [
      node('a', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      node('b', { cpu: '1' }),
      node('c', { cpu: '1' }),
    ];
    const existing = [pod('x', { cpu: '800m', nodeName: 'b' }), pod('y', { cpu: '800m', nodeName: 'c' })];
    assert.equal(
      message(pod('p', { cpu: '500m' }), nodes, existing),
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });
  void it('sorting is lexicographic on "<count> <reason>" (10 sorts before 2)', () => {
    const statuses = new Map<string, any>();
    for (let i = 0; i < 10; i++) statuses.set(`n${i}`, { code: 'Unschedulable', reasons: ['Insufficient memory'] });
    statuses.set('x', { code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    statuses.set('y', { code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    assert.equal(fitErrorMessage({ numAllNodes: 12, nodeStatuses: statuses, unschedulablePlugins: new Set() }), '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu.');
  });
  void it('PreFilter rejection replaces per-node reasons', () => {
    const p = pod('p', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
    const listers = staticListers({
      pvcs: [{ metadata: { name: 'data', namespace: 'default' }, spec: { storageClassName: 'std' } }],
      storageClasses: [{ metadata: { name: 'std' }, provisioner: 'x', volumeBindingMode: 'Immediate' }],
    });
    assert.equal(
      message(p, [node('a')], [], listers),
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    assert.equal(
      message(pod('q', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'nope' } }] } }), [node('a'), node('b')]),
      '0/2 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });
  void it('preemptionPolicy Never and the other reasons', () => {
    const nodes = [node('a', { unschedulable: true }), node('b', { labels: { disk: 'hdd' } })];
    assert.equal(
      message(pod('p', { spec: { nodeSelector: { disk: 'ssd' }, preemptionPolicy: 'Never' } }), nodes),
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });
  void it('no nodes at all', () => {
    assert.equal(message(pod('p'), []), 'no nodes available to schedule pods');
  });
  void it('a feasible node is chosen', () => {
    assert.equal(message(pod('p'), [node('a', { unschedulable: true }), node('b')]), 'scheduled on b');
  });
});
