// Table-driven tests of every Filter plugin: which nodes pass, and the exact reason reported.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFilters } from '../framework/schedule-one.js';
import { cycle, node, pod, snapshot } from '../framework/test-helpers.js';
import type { Node, Plugin, Pod } from '../framework/types.js';
import { staticListers } from '../listers.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { nodeAffinity } from './node-affinity.js';
import { nodeName } from './node-name.js';
import { nodePorts } from './node-ports.js';
import { insufficientResources, nodeResourcesFit } from './node-resources-fit.js';
import { podRequests } from '../framework/resources.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { taintToleration } from './taint-toleration.js';
import { volumeBinding } from './volume-binding.js';

interface Case {
  name: string;
  plugin: Plugin;
  pod: Pod;
  nodes: Node[];
  existing?: Pod[];
  listers?: ReturnType<typeof staticListers>;
  /** Per node: null = passes, else "code: reason; reason". */
  want: Record<string, string | null>;
  preFilter?: string;
}

function run(c: Case): Record<string, string | null> | string {
  const snap = snapshot(c.nodes, c.existing);
  const ctx = cycle(c.pod, snap, c.listers);
  const pre = c.plugin.preFilter?.(ctx);
  if (pre?.status) return `${pre.status.code}: ${pre.status.reasons.join('; ')}`;
  if (pre?.skip) ctx.skipFilter.add(c.plugin.name);
  const out: Record<string, string | null> = {};
  for (const n of snap.nodes) {
    const s = runFilters(ctx, [c.plugin], n);
    out[n.name] = s ? `${s.code}: ${s.reasons.join('; ')}` : null;
  }
  return out;
}

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const anti = (key: string, labels: Record<string, string>) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: key, labelSelector: { matchLabels: labels } }] } },
});
const aff = (key: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: key, labelSelector: { matchLabels: labels }, ...extra }] } },
});
const U = 'Unschedulable';
const UU = 'UnschedulableAndUnresolvable';

const cases: Case[] = [
  {
    name: 'NodeUnschedulable rejects cordoned nodes',
    plugin: nodeUnschedulable,
    pod: pod('p'),
    nodes: [node('a', { unschedulable: true }), node('b')],
    want: { a: `${UU}: node(s) were unschedulable`, b: null },
  },
  {
    name: 'NodeUnschedulable: toleration of the unschedulable taint',
    plugin: nodeUnschedulable,
    pod: pod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }),
    nodes: [node('a', { unschedulable: true })],
    want: { a: null },
  },
  {
    name: 'NodeName',
    plugin: nodeName,
    pod: pod('p', { nodeName: 'b' }),
    nodes: [node('a'), node('b')],
    want: { a: `${UU}: node(s) didn't match the requested node name`, b: null },
  },
  {
    name: 'NodeResourcesFit: cpu, memory, pods, extended resources',
    plugin: nodeResourcesFit,
    pod: pod('p', { cpu: '1', memory: '1Gi', spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi', 'tke.cloud.tencent.com/eni-ip': '1' } } }] } }),
    nodes: [
      node('full-cpu', { cpu: '1.5', extra: { 'tke.cloud.tencent.com/eni-ip': '5' } }),
      node('no-eni'),
      node('tiny', { cpu: '500m', memory: '512Mi', extra: { 'tke.cloud.tencent.com/eni-ip': '5' } }),
      node('ok', { extra: { 'tke.cloud.tencent.com/eni-ip': '5' } }),
      node('max-pods', { pods: '1', extra: { 'tke.cloud.tencent.com/eni-ip': '5' } }),
    ],
    existing: [pod('x', { cpu: '1', nodeName: 'full-cpu' }), pod('y', { nodeName: 'max-pods' })],
    want: {
      'full-cpu': `${U}: Insufficient cpu`,
      'no-eni': `${UU}: Insufficient tke.cloud.tencent.com/eni-ip`,
      tiny: `${UU}: Insufficient cpu; Insufficient memory`,
      ok: null,
      'max-pods': `${U}: Too many pods`,
    },
  },
  {
    name: 'NodeResourcesFit: init containers take the max, overhead adds',
    plugin: nodeResourcesFit,
    pod: pod('p', {
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }, { name: 'b', resources: { requests: { cpu: '500m' } } }],
        initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }],
        overhead: { cpu: '250m' },
      },
    }),
    nodes: [node('two', { cpu: '2' }), node('three', { cpu: '2250m' })],
    want: { two: `${UU}: Insufficient cpu`, three: null },
  },
  {
    name: 'TaintToleration: NoSchedule and NoExecute block, PreferNoSchedule does not',
    plugin: taintToleration,
    pod: pod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } }),
    nodes: [
      node('ns', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }),
      node('ne', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
      node('pref', { taints: [{ key: 'x', value: 'y', effect: 'PreferNoSchedule' }] }),
      node('tol', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
    ],
    want: {
      ns: `${UU}: node(s) had untolerated taint {gpu: true}`,
      ne: `${UU}: node(s) had untolerated taint {node.kubernetes.io/unreachable: }`,
      pref: null,
      tol: null,
    },
  },
  {
    name: 'NodeAffinity: nodeSelector and required terms with every operator and matchFields',
    plugin: nodeAffinity,
    pod: pod('p', {
      spec: {
        nodeSelector: { disk: 'ssd' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }, { key: 'spot', operator: 'DoesNotExist' }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['named'] }] },
              ],
            },
          },
        },
      },
    }),
    nodes: [
      node('big', { labels: { disk: 'ssd', cores: '16' } }),
      node('small', { labels: { disk: 'ssd', cores: '4' } }),
      node('spot', { labels: { disk: 'ssd', cores: '16', spot: 'true' } }),
      node('hdd', { labels: { disk: 'hdd', cores: '16' } }),
      node('named', { labels: { disk: 'ssd' } }),
    ],
    want: {
      big: null,
      small: `${UU}: node(s) didn't match Pod's node affinity/selector`,
      spot: `${UU}: node(s) didn't match Pod's node affinity/selector`,
      hdd: `${UU}: node(s) didn't match Pod's node affinity/selector`,
      named: null,
    },
  },
  {
    name: 'NodePorts: same host port conflicts',
    plugin: nodePorts,
    pod: pod('p', { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] } }),
    nodes: [node('a'), node('b')],
    existing: [pod('x', { nodeName: 'a', spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] } })],
    want: { a: `${U}: node(s) didn't have free ports for the requested pod ports`, b: null },
  },
  {
    name: 'InterPodAffinity: required anti-affinity on hostname',
    plugin: interPodAffinity,
    pod: pod('zk-1', { labels: { app: 'zk' }, spec: anti('kubernetes.io/hostname', { app: 'zk' }) }),
    nodes: [node('a'), node('b')],
    existing: [pod('zk-0', { labels: { app: 'zk' }, nodeName: 'a' })],
    want: { a: `${U}: node(s) didn't match pod anti-affinity rules`, b: null },
  },
  {
    name: "InterPodAffinity: existing pods' anti-affinity against the incoming pod, by zone",
    plugin: interPodAffinity,
    pod: pod('web', { labels: { app: 'web' } }),
    nodes: [node('a', { labels: zone('z1') }), node('b', { labels: zone('z1') }), node('c', { labels: zone('z2') })],
    existing: [pod('db', { nodeName: 'a', spec: anti('topology.kubernetes.io/zone', { app: 'web' }) })],
    want: { a: `${U}: node(s) didn't satisfy existing pods anti-affinity rules`, b: `${U}: node(s) didn't satisfy existing pods anti-affinity rules`, c: null },
  },
  {
    name: 'InterPodAffinity: required affinity follows the matching pod\'s zone',
    plugin: interPodAffinity,
    pod: pod('web', { spec: aff('topology.kubernetes.io/zone', { app: 'cache' }) }),
    nodes: [node('a', { labels: zone('z1') }), node('b', { labels: zone('z2') }), node('nolabel')],
    existing: [pod('cache', { labels: { app: 'cache' }, nodeName: 'a' })],
    want: { a: null, b: `${UU}: node(s) didn't match pod affinity rules`, nolabel: `${UU}: node(s) didn't match pod affinity rules` },
  },
  {
    name: 'InterPodAffinity: the first pod of a self-affine group may go anywhere with the topology label',
    plugin: interPodAffinity,
    pod: pod('g-0', { labels: { app: 'g' }, spec: aff('topology.kubernetes.io/zone', { app: 'g' }) }),
    nodes: [node('a', { labels: zone('z1') }), node('nolabel')],
    want: { a: null, nolabel: `${UU}: node(s) didn't match pod affinity rules` },
  },
  {
    name: 'InterPodAffinity: namespaces scope the term (other namespace does not count)',
    plugin: interPodAffinity,
    pod: pod('p', { labels: { app: 'x' }, spec: anti('kubernetes.io/hostname', { app: 'x' }) }),
    nodes: [node('a')],
    existing: [pod('q', { ns: 'other', labels: { app: 'x' }, nodeName: 'a' })],
    want: { a: null },
  },
  {
    name: 'InterPodAffinity: namespaceSelector selects namespaces by label',
    plugin: interPodAffinity,
    pod: pod('p', {
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } }, namespaceSelector: { matchLabels: { team: 'red' } } },
            ],
          },
        },
      },
    }),
    nodes: [node('a'), node('b')],
    existing: [pod('q', { ns: 'red', labels: { app: 'x' }, nodeName: 'a' }), pod('r', { ns: 'blue', labels: { app: 'x' }, nodeName: 'b' })],
    listers: staticListers({ namespaces: [{ metadata: { name: 'red', labels: { team: 'red' } } }, { metadata: { name: 'blue', labels: { team: 'blue' } } }] }),
    want: { a: `${U}: node(s) didn't match pod anti-affinity rules`, b: null },
  },
  {
    name: 'PodTopologySpread: DoNotSchedule maxSkew 1 over zones',
    plugin: podTopologySpread,
    pod: pod('p', {
      labels: { app: 's' },
      spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }] },
    }),
    nodes: [node('a', { labels: zone('z1') }), node('b', { labels: zone('z2') }), node('nolabel')],
    existing: [pod('s0', { labels: { app: 's' }, nodeName: 'a' })],
    want: {
      a: `${U}: node(s) didn't match pod topology spread constraints`,
      b: null,
      nolabel: `${UU}: node(s) didn't match pod topology spread constraints (missing required label)`,
    },
  },
  {
    name: 'PodTopologySpread: minDomains larger than the domain count treats the minimum as 0',
    plugin: podTopologySpread,
    pod: pod('p', {
      labels: { app: 's' },
      spec: { topologySpreadConstraints: [{ maxSkew: 1, minDomains: 3, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }] },
    }),
    nodes: [node('a', { labels: zone('z1') }), node('b', { labels: zone('z2') })],
    existing: [pod('s0', { labels: { app: 's' }, nodeName: 'a' }), pod('s1', { labels: { app: 's' }, nodeName: 'b' })],
    want: { a: `${U}: node(s) didn't match pod topology spread constraints`, b: `${U}: node(s) didn't match pod topology spread constraints` },
  },
  {
    name: 'PodTopologySpread: nodeAffinityPolicy Honor ignores domains the pod cannot use',
    plugin: podTopologySpread,
    pod: pod('p', {
      labels: { app: 's' },
      spec: {
        nodeSelector: { pool: 'x' },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }],
      },
    }),
    nodes: [node('a', { labels: { ...zone('z1'), pool: 'x' } }), node('b', { labels: { ...zone('z2'), pool: 'y' } })],
    existing: [pod('s0', { labels: { app: 's' }, nodeName: 'a' })],
    // z2 is not eligible, so the minimum is z1's 1 and a's skew is 1 + 1 - 1 = 1.
    want: { a: null, b: null },
  },
];

void describe('filter plugins', () => {
  for (const c of cases) {
    void it(c.name, () => {
      assert.deepEqual(run(c), c.want);
    });
  }
});

const pvc = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: 'default', ...extra },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const withClaim = (claim: string) => pod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] } });
const local = { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };
const wffc = { metadata: { name: 'wffc' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' };
const immediate = { metadata: { name: 'std' }, provisioner: 'x', volumeBindingMode: 'Immediate' };
const pinnedPV = (name: string, nodeName: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: {
    capacity: { storage: '10Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'local',
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [nodeName] }] }] } },
    ...extra,
  },
  status: { phase: 'Available' },
});

void describe('VolumeBinding', () => {
  const nodes = [node('a'), node('b')];
  const table: Array<{ name: string; claim: string; listers: ReturnType<typeof staticListers>; want: unknown }> = [
    { name: 'missing claim', claim: 'gone', listers: staticListers(), want: `${UU}: persistentvolumeclaim "gone" not found` },
    {
      name: 'unbound Immediate claim',
      claim: 'c',
      listers: staticListers({ pvcs: [pvc('c', { storageClassName: 'std' })], storageClasses: [immediate] }),
      want: `${UU}: pod has unbound immediate PersistentVolumeClaims`,
    },
    {
      name: 'bound PV with nodeAffinity pins the pod',
      claim: 'c',
      listers: staticListers({ pvcs: [pvc('c', { storageClassName: 'local', volumeName: 'pv-a' })], pvs: [pinnedPV('pv-a', 'a')], storageClasses: [local] }),
      want: { a: null, b: `${UU}: node(s) had volume node affinity conflict` },
    },
    {
      name: 'WaitForFirstConsumer with a provisioner fits anywhere',
      claim: 'c',
      listers: staticListers({ pvcs: [pvc('c', { storageClassName: 'wffc' })], storageClasses: [wffc] }),
      want: { a: null, b: null },
    },
    {
      name: 'WaitForFirstConsumer without a provisioner needs a matching local PV',
      claim: 'c',
      listers: staticListers({ pvcs: [pvc('c', { storageClassName: 'local' })], pvs: [pinnedPV('pv-b', 'b')], storageClasses: [local] }),
      want: { a: `${UU}: node(s) didn't find available persistent volumes to bind`, b: null },
    },
  ];
  for (const c of table) {
    void it(c.name, () => {
      assert.deepEqual(run({ name: c.name, plugin: volumeBinding, pod: withClaim(c.claim), nodes, listers: c.listers, want: {} }), c.want);
    });
  }
});

void describe('filter fast paths agree with the full checks', () => {
  const cases: Array<{ name: string; pod: Pod; node: Node; existing?: Pod[] }> = [
    { name: 'fits', pod: pod('p', { cpu: '1', memory: '1Gi' }), node: node('n', { cpu: '2', memory: '2Gi' }) },
    { name: 'exactly full', pod: pod('p', { cpu: '2', memory: '2Gi' }), node: node('n', { cpu: '2', memory: '2Gi' }) },
    { name: 'cpu short', pod: pod('p', { cpu: '3' }), node: node('n', { cpu: '2' }) },
    { name: 'memory short after existing pods', pod: pod('p', { memory: '1Gi' }), node: node('n', { memory: '2Gi' }), existing: [pod('x', { memory: '1500Mi', nodeName: 'n' })] },
    { name: 'pod count', pod: pod('p'), node: node('n', { pods: '1' }), existing: [pod('x', { nodeName: 'n' })] },
    {
      name: 'extended resource',
      pod: pod('p', { spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { 'example.com/gpu': '2' } } }] } }),
      node: node('n', { extra: { 'example.com/gpu': '1' } }),
    },
  ];
  for (const c of cases) {
    void it(`NodeResourcesFit: ${c.name}`, () => {
      const snap = snapshot([c.node], c.existing);
      const ctx = cycle(c.pod, snap);
      nodeResourcesFit.preFilter!(ctx);
      const reasons = insufficientResources(podRequests(c.pod), snap.nodes[0]).map((r) => r.reason);
      const got = nodeResourcesFit.filter!(ctx, snap.nodes[0]);
      assert.deepEqual(got?.reasons ?? [], reasons);
    });
  }
  void it('InterPodAffinity PreFilter says skip only when nothing can reject a node', () => {
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] } };
    const plain = snapshot([node('a'), node('b')], [pod('x', { nodeName: 'a' })]);
    assert.deepEqual(interPodAffinity.preFilter!(cycle(pod('p'), plain)), { skip: true });
    // The incoming pod has required terms.
    assert.equal(interPodAffinity.preFilter!(cycle(pod('p', { spec: { affinity: anti } }), plain)), undefined);
    // An existing pod's required anti-affinity matches the incoming pod.
    const guarded = snapshot([node('a'), node('b')], [pod('w', { nodeName: 'a', spec: { affinity: anti } })]);
    assert.equal(interPodAffinity.preFilter!(cycle(pod('p', { labels: { app: 'web' } }), guarded)), undefined);
    // ...but not when it does not match.
    assert.deepEqual(interPodAffinity.preFilter!(cycle(pod('p', { labels: { app: 'db' } }), guarded)), { skip: true });
  });
});
