// Table tests for the rollout completion rules (kubectl's StatefulSetStatusViewer and the Kruise
// variant) and the per-revision pod counts behind the progress bars.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { advancedStatefulSetVerdict, revisionCounts, selectorString, statefulSetVerdict } from './progress.js';

function set(spec: Record<string, any>, status: Record<string, any>, generation = 2): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', generation }, spec: { replicas: 3, ...spec }, status };
}

const ru = (partition?: number) => ({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: partition === undefined ? undefined : { partition } } });

test('apps/v1 verdicts follow kubectl rollout status', () => {
  const cases: Array<[string, KubeObject, boolean, string]> = [
    ['not observed', set(ru(0), { observedGeneration: 1, readyReplicas: 3 }), false, 'Waiting for statefulset spec update to be observed...'],
    ['observedGeneration 0', set(ru(0), { observedGeneration: 0 }, 0), false, 'Waiting for statefulset spec update to be observed...'],
    ['pods not ready', set(ru(0), { observedGeneration: 2, readyReplicas: 1 }), false, 'Waiting for 2 pods to be ready...'],
    ['partitioned waiting', set(ru(1), { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 }), false, 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...'],
    ['partitioned done', set(ru(1), { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2 }), true, 'partitioned roll out complete: 2 new pods have been updated...'],
    ['no rollingUpdate, revisions differ', set(ru(), { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2, updateRevision: 'web-b', currentRevision: 'web-a' }), false, 'waiting for statefulset rolling update to complete 2 pods at revision web-b...'],
    ['no rollingUpdate, done', set(ru(), { observedGeneration: 2, readyReplicas: 3, currentReplicas: 3, updateRevision: 'web-b', currentRevision: 'web-b' }), true, 'statefulset rolling update complete 3 pods at revision web-b...'],
  ];
  for (const [name, s, done, message] of cases) {
    const v = statefulSetVerdict(s);
    assert.equal(v.done, done, name);
    assert.equal(v.message, message, name);
  }
  assert.equal(statefulSetVerdict(set({ updateStrategy: { type: 'OnDelete' } }, {})).error, 'rollout status is only available for RollingUpdate strategy type');
});

test('Kruise verdicts use partition as pods kept old and require updatedReadyReplicas', () => {
  const k = (partition: number, status: Record<string, any>, paused = false) =>
    set({ replicas: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition, paused, maxUnavailable: 2 } } }, { observedGeneration: 2, ...status });
  const cases: Array<[string, KubeObject, boolean, RegExp]> = [
    ['unobserved', { ...k(0, {}), status: { observedGeneration: 1 } }, false, /spec update to be observed/],
    ['not ready', k(0, { readyReplicas: 3, updatedReplicas: 5, updatedReadyReplicas: 3 }), false, /^Waiting for 2 pods to be ready/],
    ['updating', k(0, { readyReplicas: 5, updatedReplicas: 2, updatedReadyReplicas: 2 }), false, /^Waiting for roll out to finish: 2 out of 5 new pods/],
    ['paused', k(0, { readyReplicas: 5, updatedReplicas: 2, updatedReadyReplicas: 2 }, true), false, /paused/],
    ['updated, not ready (omitempty 0)', k(0, { readyReplicas: 5, updatedReplicas: 5 }), false, /^Waiting for 5 updated pods to be ready/],
    ['done', k(0, { readyReplicas: 5, updatedReplicas: 5, updatedReadyReplicas: 5, updateRevision: 'web-b' }), true, /^advanced statefulset rolling update complete 5 pods at revision web-b/],
    ['partition 2 waiting', k(2, { readyReplicas: 5, updatedReplicas: 2, updatedReadyReplicas: 2 }), false, /partitioned roll out to finish: 2 out of 3/],
    ['partition 2 done', k(2, { readyReplicas: 5, updatedReplicas: 3, updatedReadyReplicas: 3 }), true, /^partitioned roll out complete: 3 new pods/],
    ['partition above replicas', k(9, { readyReplicas: 5, updatedReplicas: 0 }), true, /partitioned roll out complete: 0/],
  ];
  for (const [name, s, done, message] of cases) {
    const v = advancedStatefulSetVerdict(s);
    assert.equal(v.done, done, name);
    assert.match(v.message, message, name);
  }
});

function pod(name: string, rev: string, ready: boolean, since = '2024-01-01T00:00:00Z', extra: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { 'controller-revision-hash': rev }, ...extra },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: since }] },
  };
}

test('revisionCounts groups pods by revision, update first, and honours minReadySeconds', () => {
  const s = set({ minReadySeconds: 10 }, { updateRevision: 'web-b', currentRevision: 'web-a' });
  const now = Date.parse('2024-01-01T00:00:05Z');
  const pods = [
    pod('web-0', 'web-a', true),
    pod('web-1', 'web-a', true),
    pod('web-2', 'web-b', true),
    pod('web-3', 'web-b', false),
    pod('web-4', 'web-b', true, '2023-12-31T23:00:00Z'),
    pod('web-5', 'web-b', true, undefined, { deletionTimestamp: '2024-01-01T00:00:04Z' }),
    pod('web-6', 'web-old', true),
  ];
  assert.deepEqual(revisionCounts(s, pods, now), [
    { revision: 'web-b', role: 'update', pods: 3, ready: 2, available: 1 },
    { revision: 'web-a', role: 'current', pods: 2, ready: 2, available: 0 },
    { revision: 'web-old', role: 'other', pods: 1, ready: 1, available: 0 },
  ]);
  const settled = set({}, { updateRevision: 'web-b', currentRevision: 'web-b' });
  assert.deepEqual(revisionCounts(settled, [], now), [{ revision: 'web-b', role: 'update', pods: 0, ready: 0, available: 0 }]);
});

test('selectorString renders matchLabels and matchExpressions', () => {
  const s = set({ selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] } }, {});
  assert.equal(selectorString(s), 'app=web,tier in (a,b),x,!y');
});
