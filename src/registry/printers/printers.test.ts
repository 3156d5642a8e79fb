import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import type { TablePrinter } from '../types.js';
import { printersByResource, printerFor, defaultPrinter } from './index.js';

const NOW = new Date('2024-01-01T01:00:00Z');
const CREATED = '2024-01-01T00:00:00Z'; // 60m before NOW

function obj(kind: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return { kind, metadata: { name, creationTimestamp: CREATED, ...meta }, ...rest };
}

/** Column headers as kubectl shows them (upper-cased), wide-only ones marked with '+'. */
function headers(p: TablePrinter): string {
  return p.columns.map((c) => (c.priority > 0 ? '+' : '') + c.name.toUpperCase()).join(' ');
}

test('column headers and wide priorities for every built-in printer', () => {
  const cases: [string, string][] = [
    ['namespaces', 'NAME STATUS AGE'],
    ['nodes', 'NAME STATUS ROLES AGE VERSION +INTERNAL-IP +EXTERNAL-IP +OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME'],
    ['pods', 'NAME READY STATUS RESTARTS AGE +IP +NODE +NOMINATED NODE +READINESS GATES'],
    ['services', 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE +SELECTOR'],
    ['endpoints', 'NAME ENDPOINTS AGE'],
    ['discovery.k8s.io/endpointslices', 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE'],
    ['configmaps', 'NAME DATA AGE'],
    ['secrets', 'NAME TYPE DATA AGE'],
    ['serviceaccounts', 'NAME SECRETS AGE'],
    ['events', 'LAST SEEN TYPE REASON OBJECT +SUBOBJECT +SOURCE MESSAGE +FIRST SEEN +COUNT +NAME'],
    ['events.k8s.io/events', 'LAST SEEN TYPE REASON OBJECT +SUBOBJECT +SOURCE MESSAGE +FIRST SEEN +COUNT +NAME'],
    ['persistentvolumeclaims', 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE +VOLUMEMODE'],
    ['persistentvolumes', 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE +VOLUMEMODE'],
    ['storage.k8s.io/storageclasses', 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE'],
    ['apps/statefulsets', 'NAME READY AGE +CONTAINERS +IMAGES'],
    ['apps/controllerrevisions', 'NAME CONTROLLER REVISION AGE'],
    ['coordination.k8s.io/leases', 'NAME HOLDER AGE'],
    ['apiextensions.k8s.io/customresourcedefinitions', 'NAME CREATED AT'],
  ];
  for (const [resource, want] of cases) assert.equal(headers(printersByResource[resource]), want, resource);
  for (const p of Object.values(printersByResource)) {
    assert.equal(p.columns.filter((c) => c.format === 'name').length, 1, 'exactly one name column');
  }
  assert.equal(printerFor('widgets.example.com/things'), defaultPrinter);
});

test('row cells for each kind', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    ['namespaces', obj('Namespace', 'default', { status: { phase: 'Active' } }), ['default', 'Active', '60m']],
    ['namespaces', obj('Namespace', 'old', { status: { phase: 'Terminating' } }), ['old', 'Terminating', '60m']],
    [
      'nodes',
      obj(
        'Node',
        'n1',
        {
          spec: { unschedulable: true },
          status: {
            conditions: [
              { type: 'MemoryPressure', status: 'False' },
              { type: 'Ready', status: 'True' },
            ],
            addresses: [
              { type: 'Hostname', address: 'n1' },
              { type: 'InternalIP', address: '10.0.0.1' },
            ],
            nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Ordinal', kernelVersion: '', containerRuntimeVersion: 'ordinal://1' },
          },
        },
        { labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/': '' } },
      ),
      ['n1', 'Ready,SchedulingDisabled', 'control-plane,infra,worker', '60m', 'v1.31.0', '10.0.0.1', '<none>', 'Ordinal', '<unknown>', 'ordinal://1'],
    ],
    ['nodes', obj('Node', 'n2', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }), ['n2', 'NotReady', '<none>', '60m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']],
    ['nodes', obj('Node', 'n3', {}), ['n3', 'Unknown', '<none>', '60m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']],
    [
      'services',
      obj('Service', 'web', { spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web', tier: 'a' } } }),
      ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '60m', 'app=web,tier=a'],
    ],
    ['services', obj('Service', 'headless', { spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] } }), ['headless', 'ClusterIP', 'None', '<none>', '<none>', '60m', '<none>']],
    [
      'services',
      obj('Service', 'np', { spec: { type: 'NodePort', clusterIPs: ['10.96.0.2'], externalIPs: ['1.2.3.4'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } }),
      ['np', 'NodePort', '10.96.0.2', '1.2.3.4', '80:30080/TCP', '60m', '<none>'],
    ],
    ['services', obj('Service', 'lb', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.3'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] } }), ['lb', 'LoadBalancer', '10.96.0.3', '<pending>', '443:31443/TCP', '60m', '<none>']],
    [
      'services',
      obj('Service', 'lb2', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.4'], externalIPs: ['9.9.9.9'] }, status: { loadBalancer: { ingress: [{ ip: '5.5.5.5' }, { hostname: 'a.example.com' }] } } }),
      ['lb2', 'LoadBalancer', '10.96.0.4', '5.5.5.5,a.example.com,9.9.9.9', '<none>', '60m', '<none>'],
    ],
    ['services', obj('Service', 'ext', { spec: { type: 'ExternalName', externalName: 'db.example.com' } }), ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '60m', '<none>']],
    ['endpoints', obj('Endpoints', 'none', {}), ['none', '<none>', '60m']],
    [
      'endpoints',
      obj('Endpoints', 'web', { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] }),
      ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '60m'],
    ],
    ['endpoints', obj('Endpoints', 'headless', { subsets: [{ addresses: [{ ip: 'fd00::1' }] }, { addresses: [{ ip: 'fd00::2' }], ports: [{ port: 80 }] }] }), ['headless', 'fd00::1,[fd00::2]:80', '60m']],
    [
      'discovery.k8s.io/endpointslices',
      obj('EndpointSlice', 'web-abc', {
        addressType: 'IPv4',
        ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9090 }],
        endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'] }],
      }),
      ['web-abc', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '60m'],
    ],
    ['discovery.k8s.io/endpointslices', obj('EndpointSlice', 'empty', { addressType: 'IPv4' }), ['empty', 'IPv4', '<unset>', '<unset>', '60m']],
    ['configmaps', obj('ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), ['cfg', 3, '60m']],
    ['configmaps', obj('ConfigMap', 'empty', {}), ['empty', 0, '60m']],
    ['secrets', obj('Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }), ['tls', 'kubernetes.io/tls', 2, '60m']],
    ['serviceaccounts', obj('ServiceAccount', 'default', { secrets: [{ name: 'x' }] }), ['default', 1, '60m']],
    ['serviceaccounts', obj('ServiceAccount', 'bare', {}), ['bare', 0, '60m']],
    ['coordination.k8s.io/leases', obj('Lease', 'n1', { spec: { holderIdentity: 'n1' } }), ['n1', 'n1', '60m']],
    ['coordination.k8s.io/leases', obj('Lease', 'free', { spec: {} }), ['free', '', '60m']],
    [
      'apps/statefulsets',
      obj('StatefulSet', 'web', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }] } } }, status: { readyReplicas: 2 } }),
      ['web', '2/3', '60m', 'nginx,sidecar', 'nginx:1.25,busybox'],
    ],
    ['apps/statefulsets', obj('StatefulSet', 'new', { spec: { replicas: 1, template: { spec: { containers: [] } } }, status: {} }), ['new', '0/1', '60m', '', '']],
    [
      'apps/controllerrevisions',
      obj('ControllerRevision', 'web-7b9d', { revision: 2 }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }),
      ['web-7b9d', 'statefulset.apps/web', 2, '60m'],
    ],
    [
      'apps/controllerrevisions',
      obj('ControllerRevision', 'ds-1', { revision: 1 }, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }] }),
      ['ds-1', 'pod/p', 1, '60m'],
    ],
    ['apps/controllerrevisions', obj('ControllerRevision', 'orphan', { revision: 4 }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', uid: 'u' }] }), ['orphan', '<none>', 4, '60m']],
    ['apiextensions.k8s.io/customresourcedefinitions', obj('CustomResourceDefinition', 'things.example.com', {}), ['things.example.com', '2024-01-01T00:00:00Z']],
  ];
  for (const [resource, o, cells] of cases) {
    const p = printersByResource[resource];
    const got = p.row(o, NOW);
    assert.deepEqual(got, cells, `${resource} ${o.metadata.name}`);
    assert.equal(got.length, p.columns.length, `${resource}: one cell per column`);
  }
});

test('storage printers: PVC, PV, StorageClass', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'persistentvolumeclaims',
      obj('PersistentVolumeClaim', 'data-web-0', {
        spec: { volumeName: 'pvc-123', storageClassName: 'standard', volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } } },
        status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'] },
      }),
      ['data-web-0', 'Bound', 'pvc-123', '2Gi', 'RWO,RWX', 'standard', '<unset>', '60m', 'Filesystem'],
    ],
    [
      'persistentvolumeclaims',
      obj(
        'PersistentVolumeClaim',
        'pending',
        { spec: { storageClassName: 'fast', volumeAttributesClassName: 'gold', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } },
        { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
      ),
      ['pending', 'Pending', '', '', '', 'legacy', 'gold', '60m', '<unset>'],
    ],
    [
      'persistentvolumeclaims',
      obj('PersistentVolumeClaim', 'going', { spec: {}, status: { phase: 'Bound' } }, { deletionTimestamp: CREATED }),
      ['going', 'Terminating', '', '', '', '', '<unset>', '60m', '<unset>'],
    ],
    [
      'persistentvolumes',
      obj('PersistentVolume', 'pvc-123', {
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'data-web-0' }, storageClassName: 'standard', volumeMode: 'Filesystem' },
        status: { phase: 'Bound' },
      }),
      ['pvc-123', '1Gi', 'RWO,RWOP', 'Delete', 'Bound', 'default/data-web-0', 'standard', '<unset>', '', '60m', 'Filesystem'],
    ],
    [
      'persistentvolumes',
      obj('PersistentVolume', 'failed', { spec: { persistentVolumeReclaimPolicy: 'Retain' }, status: { phase: 'Failed', reason: 'Boom' } }),
      ['failed', '0', '', 'Retain', 'Failed', '', '', '<unset>', 'Boom', '60m', '<unset>'],
    ],
    [
      'storage.k8s.io/storageclasses',
      obj('StorageClass', 'standard', { provisioner: 'ordinal.dev/hostpath' }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      ['standard (default)', 'ordinal.dev/hostpath', 'Delete', 'Immediate', false, '60m'],
    ],
    [
      'storage.k8s.io/storageclasses',
      obj('StorageClass', 'slow', { provisioner: 'p', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }),
      ['slow', 'p', 'Retain', 'WaitForFirstConsumer', true, '60m'],
    ],
    ['storage.k8s.io/storageclasses', obj('StorageClass', 'beta', { provisioner: 'p' }, { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }), ['beta (default)', 'p', 'Delete', 'Immediate', false, '60m']],
  ];
  for (const [resource, o, cells] of cases) assert.deepEqual(printersByResource[resource].row(o, NOW), cells, `${resource} ${o.metadata.name}`);
});

test('event printers: core/v1 and events.k8s.io/v1', () => {
  const tenMinAgo = '2024-01-01T00:50:00Z';
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'events',
      obj('Event', 'web-0.17a', {
        type: 'Normal',
        reason: 'Scheduled',
        message: ' Successfully assigned default/web-0 to n1 \n',
        involvedObject: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{app}' },
        source: { component: 'default-scheduler' },
        firstTimestamp: CREATED,
        lastTimestamp: tenMinAgo,
        count: 4,
      }),
      ['10m', 'Normal', 'Scheduled', 'pod/web-0', 'spec.containers{app}', 'default-scheduler', 'Successfully assigned default/web-0 to n1', '60m', 4, 'web-0.17a'],
    ],
    [
      'events',
      obj('Event', 'e2', {
        type: 'Warning',
        reason: 'FailedCreate',
        message: 'm',
        involvedObject: { kind: 'StatefulSet', name: 'web' },
        source: { component: 'kubelet', host: 'n1' },
        eventTime: tenMinAgo,
        reportingComponent: 'other',
      }),
      ['10m', 'Warning', 'FailedCreate', 'statefulset/web', '', 'kubelet, n1', 'm', '10m', 1, 'e2'],
    ],
    [
      'events',
      obj('Event', 'e3', {
        type: 'Normal',
        reason: 'R',
        message: 'm',
        involvedObject: { kind: 'Node' },
        reportingComponent: 'ctrl',
        reportingInstance: 'ctrl-1',
        eventTime: CREATED,
        series: { count: 7, lastObservedTime: tenMinAgo },
      }),
      ['10m', 'Normal', 'R', 'node', '', 'ctrl, ctrl-1', 'm', '60m', 7, 'e3'],
    ],
    ['events', obj('Event', 'e4', { involvedObject: {} }), ['<unknown>', '', '', '', '', '', '', '<unknown>', 1, 'e4']],
    [
      'events.k8s.io/events',
      obj('Event', 'e5', {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        note: 'create Pod web-0 in StatefulSet web successful',
        regarding: { kind: 'StatefulSet', name: 'web' },
        reportingController: 'statefulset-controller',
        eventTime: tenMinAgo,
        deprecatedCount: 2,
        deprecatedFirstTimestamp: CREATED,
        deprecatedLastTimestamp: tenMinAgo,
        deprecatedSource: { component: 'statefulset-controller' },
      }),
      ['10m', 'Normal', 'SuccessfulCreate', 'statefulset/web', '', 'statefulset-controller', 'create Pod web-0 in StatefulSet web successful', '60m', 2, 'e5'],
    ],
  ];
  for (const [resource, o, cells] of cases) assert.deepEqual(printersByResource[resource].row(o, NOW), cells, `${resource} ${o.metadata.name}`);
  // Each printer also copes with the other version's shape.
  const v1 = { ...cases[4][1], apiVersion: 'events.k8s.io/v1' };
  assert.deepEqual(printersByResource.events.row(v1, NOW), cases[4][2]);
  const core = { ...cases[0][1], apiVersion: 'v1' };
  assert.deepEqual(printersByResource['events.k8s.io/events'].row(core, NOW), cases[0][2]);
});
