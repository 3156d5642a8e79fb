import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCatalog } from './catalog.js';
import { decodeErrorMessage, findTypeError } from './type-check.js';
import { fixtureResources, widgetCrd } from './test-fixtures.js';
import type { Gvk } from './types.js';

const catalog = buildCatalog({ resources: fixtureResources, crds: [widgetCrd] });
const STS: Gvk = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const POD: Gvk = { group: '', version: 'v1', kind: 'Pod' };
const CM: Gvk = { group: '', version: 'v1', kind: 'ConfigMap' };

const sts = (spec: object, metadata: object = { name: 'web' }) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec });
const pod = (container: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', ...container }] } });
const field = (struct: string, path: string, value: string, type: string) =>
  `json: cannot unmarshal ${value} into Go struct field ${struct}.${path} of type ${type}`;
const REPLICAS = (value: string) => field('StatefulSetSpec', 'spec.replicas', value, 'int32');

const cases: { name: string; gvk: Gvk; obj: unknown; raw?: string; want: string | undefined }[] = [
  { name: 'clean statefulset', gvk: STS, obj: sts({ replicas: 3, serviceName: 's', selector: { matchLabels: { a: 'b' } } }), want: undefined },
  { name: 'null is fine anywhere', gvk: STS, obj: sts({ replicas: null, selector: null, template: { metadata: null } }), want: undefined },
  { name: 'undefined (in-process objects) is an absent field', gvk: STS, obj: sts({ replicas: undefined }, { name: 'w', ownerReferences: undefined }), want: undefined },
  { name: 'string into int32', gvk: STS, obj: sts({ replicas: 'three' }), want: REPLICAS('string') },
  { name: 'fraction into int32', gvk: STS, obj: sts({ replicas: 1.5 }), want: REPLICAS('number 1.5') },
  { name: 'int32 overflow', gvk: STS, obj: sts({ replicas: 99999999999 }), want: REPLICAS('number 99999999999') },
  { name: 'int32 max fits', gvk: STS, obj: sts({ replicas: 2147483647 }), want: undefined },
  { name: 'int32 max+1', gvk: STS, obj: sts({ replicas: 2147483648 }), want: REPLICAS('number 2147483648') },
  { name: 'non-finite literal from raw', gvk: STS, obj: sts({ replicas: Infinity }), raw: '{"spec":{"replicas":1e400}}', want: REPLICAS('number 1e400') },
  { name: 'object into int32', gvk: STS, obj: sts({ replicas: {} }), want: REPLICAS('object') },
  { name: 'bool into int32', gvk: STS, obj: sts({ replicas: true }), want: REPLICAS('bool') },
  { name: 'number into string', gvk: STS, obj: sts({ serviceName: 5 }), want: field('StatefulSetSpec', 'spec.serviceName', 'number', 'string') },
  { name: 'string into struct', gvk: STS, obj: sts('x' as unknown as object), want: field('StatefulSet', 'spec', 'string', 'v1.StatefulSetSpec') },
  { name: 'object into slice', gvk: STS, obj: sts({ volumeClaimTemplates: {} }), want: field('StatefulSetSpec', 'spec.volumeClaimTemplates', 'object', '[]v1.PersistentVolumeClaim') },
  { name: 'label value not a string', gvk: STS, obj: sts({}, { name: 'w', labels: { a: 1 } }), want: field('ObjectMeta', 'metadata.labels', 'number', 'string') },
  { name: 'labels not a map', gvk: STS, obj: sts({}, { name: 'w', labels: [] }), want: field('ObjectMeta', 'metadata.labels', 'array', 'map[string]string') },
  {
    name: 'slices add no index to the path',
    gvk: POD,
    obj: pod({ ports: [{ containerPort: 80 }, { containerPort: '80' }] }),
    want: field('ContainerPort', 'spec.containers.ports.containerPort', 'string', 'int32'),
  },
  { name: 'slice element of the wrong type', gvk: POD, obj: pod({ args: ['a', 1] }), want: field('Container', 'spec.containers.args', 'number', 'string') },
  { name: 'first error in document order wins', gvk: STS, obj: sts({ serviceName: 1, replicas: 'x' }), want: field('StatefulSetSpec', 'spec.serviceName', 'number', 'string') },
  { name: 'int64 field', gvk: POD, obj: { ...pod({}), spec: { containers: [], activeDeadlineSeconds: 1.25 } }, want: field('PodSpec', 'spec.activeDeadlineSeconds', 'number 1.25', 'int64') },
  { name: 'quantity as string or number', gvk: POD, obj: pod({ resources: { limits: { cpu: '500m', memory: 1024 } } }), want: undefined },
  {
    name: 'quantity malformed',
    gvk: POD,
    obj: pod({ resources: { limits: { cpu: 'lots' } } }),
    want: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  },
  { name: 'quantity bad suffix', gvk: POD, obj: pod({ resources: { requests: { memory: '100mi' } } }), want: "unable to parse quantity's suffix" },
  { name: 'resource list not a map', gvk: POD, obj: pod({ resources: { limits: 'x' } }), want: field('ResourceRequirements', 'spec.containers.resources.limits', 'string', 'v1.ResourceList') },
  { name: 'int-or-string accepts either', gvk: STS, obj: sts({ updateStrategy: { rollingUpdate: { maxUnavailable: '50%', partition: 1 } } }), want: undefined },
  {
    name: 'int-or-string fraction',
    gvk: STS,
    obj: sts({ updateStrategy: { rollingUpdate: { maxUnavailable: 1.5 } } }),
    want: 'json: cannot unmarshal number 1.5 into Go value of type int32',
  },
  { name: 'bool field', gvk: POD, obj: { ...pod({}), spec: { containers: [], hostNetwork: 'yes' } }, want: field('PodSpec', 'spec.hostNetwork', 'string', 'bool') },
  { name: 'time not a string', gvk: STS, obj: sts({}, { name: 'w', creationTimestamp: 5 }), want: 'json: cannot unmarshal number into Go value of type string' },
  { name: 'unknown fields are not type errors', gvk: STS, obj: sts({ bogus: { x: 1 }, Replicas: 'x' }), want: undefined },
  { name: 'free-form RawExtension', gvk: { group: 'apps', version: 'v1', kind: 'ControllerRevision' }, obj: { metadata: { name: 'r' }, data: { anything: [1, 'x'] }, revision: 1 }, want: undefined },
  { name: 'configmap data values', gvk: CM, obj: { metadata: { name: 'c' }, data: { a: true } }, want: field('ConfigMap', 'data', 'bool', 'string') },
  { name: 'custom resources are not checked here', gvk: { group: 'example.com', version: 'v1', kind: 'Widget' }, obj: { spec: 5 }, want: undefined },
];

for (const c of cases) {
  test(`findTypeError: ${c.name}`, () => {
    assert.equal(findTypeError(catalog, c.gvk, c.obj, c.raw), c.want);
  });
}

test('decodeErrorMessage wraps the decoder error as kube-apiserver does', () => {
  assert.equal(
    decodeErrorMessage('StatefulSet', 'v1', REPLICAS('string')),
    'StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
  );
});

test('findTypeError accepts a realistic valid object repeatedly (per-kind checkers are reused)', () => {
  // Its cost per call is a benchmark figure (bench/api-server.ts), not a test assertion: timing
  // checks fail on loaded CI machines.
  const obj = sts({ replicas: 3, serviceName: 's', selector: { matchLabels: { a: 'b' } }, template: pod({ ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } } }) });
  for (let i = 0; i < 100; i++) assert.equal(findTypeError(catalog, STS, obj), undefined);
});
