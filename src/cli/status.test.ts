// `ordinal status` rendering from a fixed snapshot: node states, pods per node, workloads of both
// APIs, pod phases and the reason of each Pending pod.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../apimachinery/types.js';
import { nodeState, pendingReason, renderStatus } from './status.js';

const node = (name: string, ready: string, extra: Record<string, any> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'topology.kubernetes.io/zone': 'zone-a' }, ...extra },
  status: { conditions: [{ type: 'Ready', status: ready }] },
});

const pod = (name: string, phase: string, extra: { nodeName?: string; status?: Record<string, any>; meta?: Record<string, any> } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...extra.meta },
  spec: { nodeName: extra.nodeName },
  status: { phase, ...extra.status },
});

test('nodeState: Ready, NotReady (False or Unknown), Down by annotation, cordoned', () => {
  assert.equal(nodeState(node('a', 'True')), 'Ready');
  assert.equal(nodeState(node('a', 'Unknown')), 'NotReady');
  assert.equal(nodeState(node('a', 'True', { annotations: { 'sim.ordinal.dev/down': 'true' } })), 'Down');
  assert.equal(nodeState({ ...node('a', 'True'), spec: { unschedulable: true } }), 'Ready,SchedulingDisabled');
});

test('pendingReason: scheduler verdict, waiting container, or the agent', () => {
  const unsched = pod('zk-3', 'Pending', { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules." }] } });
  assert.equal(pendingReason(unsched), "FailedScheduling: 0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
  assert.equal(pendingReason(pod('x', 'Pending')), 'waiting for the scheduler');
  const pulling = pod('y', 'Pending', { nodeName: 'node-1', status: { containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x:broken"' } } }] } });
  assert.equal(pendingReason(pulling), 'ImagePullBackOff: Back-off pulling image "x:broken" (on node-1)');
});

test('renderStatus summarises nodes, workloads and pods', () => {
  const out = renderStatus({
    nodes: [node('node-1', 'True'), node('node-0', 'True'), node('node-2', 'Unknown', { annotations: { 'sim.ordinal.dev/down': 'true' } })],
    pods: [
      pod('web-0', 'Running', { nodeName: 'node-0' }),
      pod('web-1', 'Running', { nodeName: 'node-0', meta: { deletionTimestamp: '2024-01-01T00:00:00Z' } }),
      pod('job', 'Succeeded', { nodeName: 'node-1' }),
      pod('zk-3', 'Pending', { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available.' }] } }),
    ],
    statefulSets: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 }, status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, currentRevision: 'web-a', updateRevision: 'web-b' } }],
    advancedStatefulSets: [{ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'sample', namespace: 'default' }, spec: { replicas: 1, updateStrategy: { type: 'OnDelete' } }, status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1, currentRevision: 'sample-a', updateRevision: 'sample-a' } }],
  });
  assert.equal(
    out,
    [
      'Nodes: 3 (2 Ready, 1 not Ready)',
      '  NAME     STATUS   ZONE     PODS',
      '  node-0   Ready    zone-a   2',
      '  node-1   Ready    zone-a   0',
      '  node-2   Down     zone-a   0',
      '',
      'Workloads: 2 (apps/v1 and apps.kruise.io/v1beta1 StatefulSets)',
      '  KIND   NAME             DESIRED   READY   UPDATED   AVAILABLE   STRATEGY        REVISION',
      '  sts    default/web      2         1       2         1           RollingUpdate   web-a -> web-b',
      '  asts   default/sample   1         1       1         1           OnDelete        sample-a',
      '',
      'Pods: 4 (1 Running, 1 Pending, 1 Terminating, 1 Succeeded)',
      'Pending:',
      '  default/zk-3   FailedScheduling: 0/3 nodes are available.',
      '',
    ].join('\n'),
  );
  assert.match(renderStatus({ nodes: [], pods: [], statefulSets: [] }), /Workloads: none \(apps\/v1 StatefulSets; apps.kruise.io not served\)/);
});
