import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCatalog } from './catalog.js';
import { findUnknownFields } from './unknown-fields.js';
import { strictDecodingMessage } from './strict-errors.js';
import { fixtureResources, widgetCrd } from './test-fixtures.js';
import type { Gvk } from './types.js';

const catalog = buildCatalog({ resources: fixtureResources, crds: [widgetCrd] });
const STS: Gvk = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const POD: Gvk = { group: '', version: 'v1', kind: 'Pod' };
const WIDGET: Gvk = { group: 'example.com', version: 'v1', kind: 'Widget' };

const sts = (spec: object, metadata: object = { name: 'web' }) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec });
const podTemplate = (container: object) => ({ template: { spec: { containers: [{ name: 'a', image: 'x' }, container] } } });

const cases: { name: string; gvk: Gvk; obj: unknown; want: string[] }[] = [
  { name: 'clean statefulset', gvk: STS, obj: sts({ replicas: 1, serviceName: 's', selector: { matchLabels: { a: 'b' } } }), want: [] },
  { name: 'unknown spec field', gvk: STS, obj: sts({ replicas: 1, foo: 1 }), want: ['unknown field "spec.foo"'] },
  { name: 'top-level unknown', gvk: STS, obj: { ...sts({}), extra: true }, want: ['unknown field "extra"'] },
  {
    name: 'list items are indexed',
    gvk: STS,
    obj: sts(podTemplate({ name: 'b', image: 'y', bogus: 1, ports: [{ containerPort: 80, nope: 1 }] })),
    want: ['unknown field "spec.template.spec.containers[1].bogus"', 'unknown field "spec.template.spec.containers[1].ports[0].nope"'],
  },
  { name: 'metadata known fields only', gvk: STS, obj: sts({}, { name: 'a', labels: { x: 'y' }, colour: 'red' }), want: ['unknown field "metadata.colour"'] },
  { name: 'map values are free keys', gvk: STS, obj: sts({ selector: { matchLabels: { anything: 'goes', 'k8s.io/x': 'y' } } }), want: [] },
  { name: 'int-or-string accepts either', gvk: STS, obj: sts({ updateStrategy: { rollingUpdate: { maxUnavailable: '50%', partition: 1 } } }), want: [] },
  { name: 'quantity map', gvk: POD, obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: 1024 } } }] } }, want: [] },
  { name: 'free-form FieldsV1 in managedFields', gvk: POD, obj: { metadata: { name: 'p', managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} }, bad: 1 }] } }, want: ['unknown field "metadata.managedFields[0].bad"'] },
  { name: 'null values are not inspected', gvk: STS, obj: sts({ template: null, foo: null }), want: ['unknown field "spec.foo"'] },
  { name: 'status is known', gvk: STS, obj: { ...sts({}), status: { replicas: 1, wat: 2 } }, want: ['unknown field "status.wat"'] },
  { name: 'CRD pruning reports unknown', gvk: WIDGET, obj: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, nope: 2 } }, want: ['unknown field "spec.nope"'] },
  { name: 'CRD object without properties keeps nothing', gvk: WIDGET, obj: { spec: { closed: { a: 1 } } }, want: ['unknown field "spec.closed.a"'] },
  { name: 'CRD preserve-unknown-fields keeps anything', gvk: WIDGET, obj: { spec: { config: { deep: { x: [1, { y: 2 }] } } } }, want: [] },
  { name: 'CRD additionalProperties', gvk: WIDGET, obj: { spec: { labels: { a: 'b', c: 'd' } } }, want: [] },
  { name: 'CRD int-or-string', gvk: WIDGET, obj: { spec: { port: 'http' } }, want: [] },
  { name: 'CRD array items', gvk: WIDGET, obj: { spec: { parts: [{ name: 'a' }, { name: 'b', x: 1 }] } }, want: ['unknown field "spec.parts[1].x"'] },
  {
    name: 'CRD embedded resource: apiVersion/kind allowed, metadata is ObjectMeta',
    gvk: WIDGET,
    obj: { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', foo: 1 }, spec: { a: 'b', z: 1 } } } },
    want: ['unknown field "spec.template.metadata.foo"', 'unknown field "spec.template.spec.z"'],
  },
  { name: 'CRD metadata is ObjectMeta', gvk: WIDGET, obj: { metadata: { name: 'w', what: 1 } }, want: ['unknown field "metadata.what"'] },
  { name: 'CRD version with preserve-unknown root', gvk: { ...WIDGET, version: 'v1beta1' }, obj: { spec: { anything: 1 } }, want: [] },
  { name: 'unknown kind: no schema, no complaints', gvk: { group: 'x.io', version: 'v1', kind: 'Nope' }, obj: { spec: { a: 1 } }, want: [] },
];

for (const c of cases) {
  test(`findUnknownFields: ${c.name}`, () => {
    assert.deepEqual(findUnknownFields(catalog, c.gvk, c.obj), c.want);
  });
}

test('strict decoding message matches upstream wording', () => {
  assert.equal(
    strictDecodingMessage('StatefulSet', 'v1', ['unknown field "spec.foo"', 'duplicate field "spec.replicas"']),
    'StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.foo", duplicate field "spec.replicas"',
  );
});
