// The patch metadata table must carry upstream's patchStrategy/patchMergeKey tags for every
// field the sandbox's clients patch; untagged (atomic) lists must have no entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenPatchMeta, patchMetaFor, type FlatPatchMeta } from './patch-meta.js';

function metaAt(kind: string, path: string): FlatPatchMeta | undefined {
  return flattenPatchMeta(kind).find((m) => m.path === path);
}

const T = 'spec.template.spec';

const tagged: Array<[kind: string, path: string, mergeKey: string | undefined, retainKeys?: boolean]> = [
  ['StatefulSet', `${T}.containers`, 'name'],
  ['StatefulSet', `${T}.initContainers`, 'name'],
  ['StatefulSet', `${T}.ephemeralContainers`, 'name'],
  ['StatefulSet', `${T}.volumes`, 'name', true],
  ['StatefulSet', `${T}.containers.ports`, 'containerPort'],
  ['StatefulSet', `${T}.containers.env`, 'name'],
  ['StatefulSet', `${T}.containers.volumeMounts`, 'mountPath'],
  ['StatefulSet', `${T}.containers.volumeDevices`, 'devicePath'],
  ['StatefulSet', `${T}.initContainers.env`, 'name'],
  ['StatefulSet', `${T}.imagePullSecrets`, 'name'],
  ['StatefulSet', `${T}.hostAliases`, 'ip'],
  ['StatefulSet', `${T}.topologySpreadConstraints`, 'topologyKey'],
  ['StatefulSet', `${T}.resourceClaims`, 'name', true],
  ['StatefulSet', `${T}.schedulingGates`, 'name'],
  ['StatefulSet', 'spec.template.metadata.ownerReferences', 'uid'],
  ['StatefulSet', 'metadata.ownerReferences', 'uid'],
  ['StatefulSet', 'metadata.finalizers', undefined],
  ['StatefulSet', 'status.conditions', 'type'],
  ['PodTemplate', 'template.spec.containers', 'name'],
  ['ControllerRevision', 'data.spec.template.spec.containers', 'name'],
  ['Pod', 'spec.containers', 'name'],
  ['Pod', 'spec.containers.env', 'name'],
  ['Pod', 'status.conditions', 'type'],
  ['Pod', 'status.podIPs', 'ip'],
  ['Pod', 'status.hostIPs', 'ip'],
  ['Node', 'status.conditions', 'type'],
  ['Node', 'status.addresses', 'type'],
  ['Node', 'spec.podCIDRs', undefined],
  ['Service', 'spec.ports', 'port'],
  ['PersistentVolumeClaim', 'status.conditions', 'type'],
  ['Namespace', 'status.conditions', 'type'],
  ['ServiceAccount', 'secrets', 'name'],
  ['ConfigMap', 'metadata.finalizers', undefined],
  ['SomethingUnknown', 'metadata.ownerReferences', 'uid'],
];

for (const [kind, path, mergeKey, retainKeys] of tagged) {
  void test(`patch meta: ${kind} ${path} merges${mergeKey ? ` by ${mergeKey}` : ''}`, () => {
    const m = metaAt(kind, path);
    assert.ok(m, `${kind} ${path} has no patch metadata`);
    assert.equal(m.strategy, 'merge');
    assert.equal(m.mergeKey, mergeKey);
    assert.equal(m.retainKeys, retainKeys);
  });
}

const atomic: Array<[kind: string, path: string]> = [
  ['StatefulSet', `${T}.tolerations`],
  ['StatefulSet', `${T}.containers.envFrom`],
  ['StatefulSet', `${T}.containers.args`],
  ['StatefulSet', `${T}.containers.command`],
  ['StatefulSet', `${T}.containers.resizePolicy`],
  ['StatefulSet', 'spec.volumeClaimTemplates'],
  ['Pod', 'status.containerStatuses'],
  ['Node', 'spec.taints'],
  ['Endpoints', 'subsets'],
  ['EndpointSlice', 'endpoints'],
];

for (const [kind, path] of atomic) {
  void test(`patch meta: ${kind} ${path} has no strategy (replaced wholesale)`, () => {
    assert.equal(metaAt(kind, path), undefined);
  });
}

void test('patch meta: Deployment strategy map uses retainKeys', () => {
  assert.deepEqual(metaAt('Deployment', 'spec.strategy'), { path: 'spec.strategy', strategy: undefined, retainKeys: true, mergeKey: undefined });
});

void test('patch meta: unknown kinds fall back to ObjectMeta only', () => {
  assert.deepEqual(Object.keys(patchMetaFor('Widget')), ['metadata']);
});
