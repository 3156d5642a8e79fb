import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { computeSubsets, desiredEndpoints } from './compute-endpoints.js';
import { buildSlice, desiredSliceContents } from './compute-slices.js';
import { findPort } from './pod-endpoint.js';

interface PodOpts { ip?: string; ready?: boolean; phase?: string; deleting?: boolean; hostname?: string; subdomain?: string; node?: string; ports?: Array<{ name: string; containerPort: number; protocol?: string }> }

function pod(name: string, o: PodOpts = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'n1', hostname: o.hostname, subdomain: o.subdomain, containers: [{ name: 'c', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: o.phase ?? 'Running', podIP: o.ip, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

function svc(spec: Record<string, unknown> = {}, name = 'nginx'): KubeObject {
  return { metadata: { name, namespace: 'default', uid: 'svc-uid', labels: { app: 'web' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }], ...spec } };
}

test('findPort resolves numeric and named targetPorts', () => {
  const p = pod('a', { ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  const cases: Array<[Record<string, unknown>, number | undefined]> = [
    [{ port: 80 }, 80],
    [{ port: 80, targetPort: 9090 }, 9090],
    [{ port: 80, targetPort: '9091' }, 9091],
    [{ port: 80, targetPort: 'http' }, 8080],
    [{ port: 53, targetPort: 'dns', protocol: 'UDP' }, 53],
    [{ port: 53, targetPort: 'dns' }, undefined], // TCP lookup of a UDP-only name
    [{ port: 80, targetPort: 'missing' }, undefined],
  ];
  for (const [sp, want] of cases) assert.equal(findPort(p, sp as any), want, JSON.stringify(sp));
});

test('Endpoints: ready / not ready / excluded pods, hostname rule, sorted by IP', () => {
  const pods = [
    pod('web-1', { ip: '10.244.1.9', hostname: 'web-1', subdomain: 'nginx' }),
    pod('web-0', { ip: '10.244.1.3', hostname: 'web-0', subdomain: 'nginx' }),
    pod('web-2', { ip: '10.244.2.2', ready: false, hostname: 'web-2', subdomain: 'other' }),
    pod('noip'),
    pod('done', { ip: '10.244.2.5', phase: 'Succeeded' }),
    pod('bye', { ip: '10.244.2.6', deleting: true }),
  ];
  const subsets = computeSubsets(svc({ clusterIP: 'None' }), pods);
  assert.deepEqual(subsets, [
    {
      addresses: [
        { ip: '10.244.1.3', hostname: 'web-0', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'uid-web-0' } },
        { ip: '10.244.1.9', hostname: 'web-1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'uid-web-1' } },
      ],
      notReadyAddresses: [{ ip: '10.244.2.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2', uid: 'uid-web-2' } }],
      ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
    },
  ]);
});

test('Endpoints: publishNotReadyAddresses makes every pod ready and keeps terminating ones', () => {
  const pods = [pod('a', { ip: '10.0.0.2', ready: false }), pod('b', { ip: '10.0.0.3', deleting: true })];
  const [s] = computeSubsets(svc({ publishNotReadyAddresses: true }), pods);
  assert.deepEqual(s.addresses!.map((a) => a.ip), ['10.0.0.2', '10.0.0.3']);
  assert.equal(s.notReadyAddresses, undefined);
});

test('Endpoints: pods without the named port are left out; headless without ports gets a port-less subset', () => {
  const pods = [pod('a', { ip: '10.0.0.2' }), pod('b', { ip: '10.0.0.3', ports: [] })];
  assert.deepEqual(computeSubsets(svc(), pods).map((s) => s.addresses!.map((a) => a.ip)), [['10.0.0.2']]);
  const portless = computeSubsets(svc({ clusterIP: 'None', ports: [] }), pods);
  assert.deepEqual(portless, [{ addresses: portless[0].addresses }]);
  assert.equal(portless[0].addresses!.length, 2);
  assert.deepEqual(computeSubsets(svc({ ports: [] }), pods), [], 'a ClusterIP service without ports has no endpoints');
  const ep = desiredEndpoints(svc({ clusterIP: 'None' }), pods);
  assert.equal(ep.metadata.labels!['service.kubernetes.io/headless'], '');
});

test('EndpointSlices: conditions, hostname, labels and owner', () => {
  const pods = [
    pod('web-0', { ip: '10.244.1.3', hostname: 'web-0', subdomain: 'nginx', node: 'n1' }),
    pod('web-1', { ip: '10.244.1.4', ready: false }),
    pod('web-2', { ip: '10.244.1.5', deleting: true }),
  ];
  const s = svc({ clusterIP: 'None' });
  const [content] = desiredSliceContents(s, pods);
  assert.deepEqual(content.endpoints.map((e) => [e.targetRef.name, e.conditions, e.hostname ?? null]), [
    ['web-0', { ready: true, serving: true, terminating: false }, 'web-0'],
    ['web-1', { ready: false, serving: false, terminating: false }, null],
    ['web-2', { ready: false, serving: true, terminating: true }, null],
  ]);
  const slice = buildSlice(s, content);
  assert.equal(slice.addressType, 'IPv4');
  assert.deepEqual(slice.ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
  assert.equal(slice.metadata.generateName, 'nginx-');
  assert.deepEqual(slice.metadata.labels, {
    app: 'web',
    'kubernetes.io/service-name': 'nginx',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    'service.kubernetes.io/headless': '',
  });
  assert.deepEqual(slice.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'nginx', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }]);
  const pnr = desiredSliceContents(svc({ publishNotReadyAddresses: true }), pods)[0];
  assert.deepEqual(pnr.endpoints.map((e) => e.conditions.ready), [true, true, true]);
});

test('EndpointSlices: empty placeholder, split at 100 endpoints', () => {
  assert.deepEqual(desiredSliceContents(svc(), []), [{ ports: [], endpoints: [] }]);
  const many = Array.from({ length: 230 }, (_, i) => pod(`p${i}`, { ip: `10.0.${i >> 8}.${i & 255}` }));
  assert.deepEqual(desiredSliceContents(svc(), many).map((s) => s.endpoints.length), [100, 100, 30]);
});
