import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newStatefulSet } from './test-harness.js';
import type { Pod, StatefulSet } from './types.js';
import {
  getParentNameAndOrdinal,
  getPodName,
  getStatefulSetMaxUnavailable,
  identityMatches,
  isClaimOwnerUpToDate,
  isRunningAndAvailable,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  storageMatches,
  updateClaimOwnerRefForSetAndPod,
} from './utils.js';

const set = (): StatefulSet => ({ ...newStatefulSet('web', 3, 'Monotonic'), metadata: { name: 'web', namespace: 'default', uid: 'set-uid' } });

test('getParentNameAndOrdinal', () => {
  const rows: Array<[string, string, number]> = [
    ['web-0', 'web', 0], // plain
    ['my-web-12', 'my-web', 12], // dashes in the parent
    ['web', '', -1], // no ordinal
    ['web-', '', -1], // empty ordinal
    ['web-x1', '', -1], // not numeric
    ['web-99999999999', 'web', -1], // out of int32 range
  ];
  for (const [name, parent, ordinal] of rows) assert.deepEqual(getParentNameAndOrdinal({ metadata: { name } }), { parent, ordinal }, name);
});

test('getPodName and identityMatches', () => {
  const s = set();
  assert.equal(getPodName(s, 4), 'web-4');
  const pod = newStatefulSetPod(s, 1);
  assert.ok(identityMatches(s, pod));
  const rows: Array<[string, (p: Pod) => void]> = [
    ['wrong namespace', (p) => (p.metadata.namespace = 'other')],
    ['missing pod-name label', (p) => delete p.metadata.labels!['statefulset.kubernetes.io/pod-name']],
    ['other parent', (p) => (p.metadata.name = 'foo-1')],
  ];
  for (const [why, mutate] of rows) {
    const p = structuredClone(pod);
    mutate(p);
    assert.equal(identityMatches(s, p), false, why);
  }
});

test('storageMatches', () => {
  const s = set();
  const pod = newStatefulSetPod(s, 2);
  assert.ok(storageMatches(s, pod));
  const wrong = structuredClone(pod);
  wrong.spec!.volumes![0].persistentVolumeClaim!.claimName = 'datadir-web-1';
  assert.equal(storageMatches(s, wrong), false);
  const missing = structuredClone(pod);
  missing.spec!.volumes = [];
  assert.equal(storageMatches(s, missing), false);
});

test('newVersionedStatefulSetPod picks the revision by partition / currentReplicas (Go precedence)', () => {
  const mk = (strategy: StatefulSet['spec']['updateStrategy'], currentReplicas = 0) => {
    const s = set();
    s.spec.updateStrategy = strategy;
    s.status = { replicas: 3, currentReplicas };
    return (ordinal: number) => getPodRevisionOf(newVersionedStatefulSetPod({ currentSet: s, updateSet: s, currentRevision: 'cur', updateRevision: 'upd', ordinal }));
  };
  const getPodRevisionOf = (p: Pod) => p.metadata.labels!['controller-revision-hash'];
  const partition2 = mk({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  assert.deepEqual([0, 1, 2].map(partition2), ['cur', 'cur', 'upd']);
  const noRolling = mk({ type: 'RollingUpdate' }, 1);
  assert.deepEqual([0, 1].map(noRolling), ['cur', 'upd']);
  const onDelete = mk({ type: 'OnDelete' }, 3);
  assert.deepEqual([0, 2].map(onDelete), ['upd', 'upd']);
});

test('getStatefulSetMaxUnavailable rounds down with a minimum of 1', () => {
  const rows: Array<[number | string | undefined, number, number]> = [
    [undefined, 5, 1],
    [3, 5, 3],
    ['50%', 5, 2],
    ['10%', 5, 1],
    ['100%', 7, 7],
    ['0%', 5, 1],
  ];
  for (const [v, n, want] of rows) assert.equal(getStatefulSetMaxUnavailable(v, n), want, `${v} of ${n}`);
});

test('isRunningAndAvailable honours minReadySeconds', () => {
  const now = Date.parse('2025-01-01T00:01:00Z');
  const pod: Pod = { metadata: {}, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:30Z' }] } };
  assert.ok(isRunningAndAvailable(pod, 0, now));
  assert.ok(isRunningAndAvailable(pod, 30, now));
  assert.equal(isRunningAndAvailable(pod, 31, now), false);
});

test('claim retention ownerRefs per policy (in range vs condemned)', () => {
  const policies = [
    ['Retain', 'Retain', [], []],
    ['Retain', 'Delete', ['StatefulSet'], ['StatefulSet']],
    ['Delete', 'Retain', [], ['Pod']],
    ['Delete', 'Delete', ['StatefulSet'], ['Pod']],
  ] as const;
  for (const [whenScaled, whenDeleted, inRange, condemned] of policies) {
    const s = set();
    s.spec.persistentVolumeClaimRetentionPolicy = { whenScaled, whenDeleted };
    for (const [ordinal, want] of [[1, inRange], [5, condemned]] as const) {
      const pod = newStatefulSetPod(s, ordinal);
      pod.metadata.uid = `pod-${ordinal}`;
      const claim = { metadata: { name: `datadir-web-${ordinal}`, ownerReferences: [] as any[] } };
      updateClaimOwnerRefForSetAndPod(claim, s, pod);
      assert.deepEqual(claim.metadata.ownerReferences.map((r) => r.kind), want, `${whenScaled}/${whenDeleted} ordinal ${ordinal}`);
      assert.ok(claim.metadata.ownerReferences.every((r) => r.controller && r.blockOwnerDeletion));
      assert.ok(isClaimOwnerUpToDate(claim, s, pod));
    }
  }
});

test('claims with another controller are left alone', () => {
  const s = set();
  s.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete', whenDeleted: 'Delete' };
  const pod = newStatefulSetPod(s, 1);
  const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid', controller: true };
  const claim = { metadata: { name: 'datadir-web-1', ownerReferences: [other] } };
  assert.ok(isClaimOwnerUpToDate(claim, s, pod));
  updateClaimOwnerRefForSetAndPod(claim, s, pod);
  assert.deepEqual(claim.metadata.ownerReferences, [other]);
});
