import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { buildTable, defaultPrinter, rfc3339 } from './table.js';
import { podPrinter } from './pod.js';
import { statefulSetPrinter } from './apps.js';

const NOW = new Date('2024-01-01T00:05:00Z');
const sts: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '42', creationTimestamp: '2024-01-01T00:00:00Z', labels: { app: 'web' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  status: { readyReplicas: 3 },
};

test('buildTable: Table envelope and includeObject variants', () => {
  const cases: ['None' | 'Metadata' | 'Object' | undefined, unknown][] = [
    [undefined, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: sts.metadata }],
    ['Metadata', { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: sts.metadata }],
    ['Object', sts],
    ['None', undefined],
  ];
  for (const [includeObject, want] of cases) {
    const t = buildTable(statefulSetPrinter, [sts], { includeObject, now: NOW, resourceVersion: '100' });
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: '100' });
    assert.equal(t.columnDefinitions, statefulSetPrinter.columns);
    assert.deepEqual(t.rows[0].cells, ['web', '3/3', '5m', 'nginx', 'nginx']);
    assert.deepEqual(t.rows[0].object, want, String(includeObject));
    assert.equal('object' in t.rows[0], want !== undefined);
  }
});

test('buildTable: list metadata, noHeaders, row conditions, empty lists', () => {
  const t = buildTable(podPrinter, [{ metadata: { name: 'p' }, spec: { containers: [] }, status: { phase: 'Failed' } }], {
    now: NOW,
    noHeaders: true,
    resourceVersion: '7',
    continue: 'tok',
    remainingItemCount: 3,
  });
  assert.deepEqual(t.metadata, { resourceVersion: '7', continue: 'tok', remainingItemCount: 3 });
  assert.deepEqual(t.columnDefinitions, []);
  assert.deepEqual(t.rows[0].conditions, [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  assert.deepEqual(buildTable(podPrinter, [], { now: NOW }).rows, []);
});

test('default table: NAME and CREATED AT as RFC3339 UTC', () => {
  assert.deepEqual(defaultPrinter.columns.map((c) => [c.name, c.type, c.format]), [
    ['Name', 'string', 'name'],
    ['Created At', 'date', ''],
  ]);
  const cases: [string | undefined, string][] = [
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['2024-01-01T02:00:00.789+02:00', '2024-01-01T00:00:00Z'],
    [undefined, '0001-01-01T00:00:00Z'],
  ];
  for (const [ts, want] of cases) assert.equal(rfc3339(ts), want);
  assert.deepEqual(defaultPrinter.row({ metadata: { name: 'x', creationTimestamp: '2024-01-01T00:00:00Z' } }, NOW), ['x', '2024-01-01T00:00:00Z']);
});
