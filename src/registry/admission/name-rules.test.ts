// The string-format checks and ObjectMeta rules every kind relies on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorString } from '../../apimachinery/field-errors.js';
import { isDNS1123Subdomain, isIPv4, isIPv6, isQualifiedName, nameIsDNSLabel } from './name-rules.js';
import { validateAnnotations, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { parseQuantity } from './quantity.js';
import { deepEqual } from './util.js';

describe('name rules', () => {
  const cases: Array<{ name: string; got: () => string[]; want: string[] }> = [
    { name: 'subdomain ok', got: () => isDNS1123Subdomain('a.b-c.d'), want: [] },
    { name: 'subdomain too long', got: () => isDNS1123Subdomain('a'.repeat(254)), want: ['must be no more than 253 characters'] },
    { name: 'generateName prefix may end in a dash', got: () => nameIsDNSLabel('web-', true), want: [] },
    { name: 'name may not end in a dash', got: () => nameIsDNSLabel('web-', false).map((m) => m.slice(0, 30)), want: ['a lowercase RFC 1123 label mus'] },
    { name: 'qualified name with prefix', got: () => isQualifiedName('example.com/MyName'), want: [] },
    { name: 'empty prefix', got: () => isQualifiedName('/x'), want: ['prefix part must be non-empty'] },
    { name: 'name part too long', got: () => isQualifiedName('a'.repeat(64)), want: ['name part must be no more than 63 characters'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(c.got(), c.want));
  it('IP literals', () => {
    assert.deepEqual(['10.0.0.1', '256.0.0.1', '01.0.0.1'].map(isIPv4), [true, false, false]);
    assert.deepEqual(['::1', 'fd00::1:2', '1:2:3:4:5:6:7:8', '1::2::3', '::ffff:10.0.0.1', 'x::1'].map(isIPv6), [true, true, true, false, true, false]);
  });
  it('quantities', () => {
    assert.deepEqual(['1Gi', '500m', '2', '1e3', '1.5Mi', 'abc'].map(parseQuantity), [2 ** 30, 0.5, 2, 1000, 1.5 * 2 ** 20, undefined]);
  });
  it('semantic deep equality treats nil and empty alike', () => {
    assert.equal(deepEqual({ a: [] }, {}), true);
    assert.equal(deepEqual({ a: {} }, { a: null }), true);
    assert.equal(deepEqual({ a: [1] }, {}), false);
  });
});

describe('object meta', () => {
  it('generateName is validated as a prefix', () => {
    const errs = validateObjectMeta({ generateName: 'Web-', name: 'web-abcde', namespace: 'default' }, true, nameIsDNSLabel).map(fieldErrorString);
    assert.equal(errs.length, 1);
    assert.ok(errs[0]!.startsWith('metadata.generateName: Invalid value: "Web-": a lowercase RFC 1123 label'));
  });
  it('label keys', () => {
    const errs = validateObjectMeta({ name: 'a', namespace: 'default', labels: { 'bad key': 'v' } }, true, nameIsDNSLabel).map(fieldErrorString);
    assert.deepEqual(errs, [
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
  it('annotation size limit', () => {
    assert.deepEqual(validateAnnotations({ a: 'x'.repeat(256 * 1024) }, 'metadata.annotations').map(fieldErrorString), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });
  it('finalizers and owner references', () => {
    const errs = validateObjectMeta(
      {
        name: 'a',
        namespace: 'default',
        finalizers: ['custom'],
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u2', controller: true },
        ],
      },
      true,
      nameIsDNSLabel,
    ).map((e) => `${e.field}: ${e.detail}`);
    assert.deepEqual(errs, [
      'metadata.ownerReferences: Only one reference can have Controller set to true. Found "true" in references for StatefulSet/web and ReplicaSet/rs',
      'metadata.finalizers: name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
  it('update keeps identity immutable', () => {
    const old = { name: 'a', namespace: 'ns', uid: 'u', creationTimestamp: '2024-01-01T00:00:00Z' };
    assert.deepEqual(validateObjectMetaUpdate({ ...old, namespace: 'other', uid: 'v' }, old).map(fieldErrorString), [
      'metadata.namespace: Invalid value: "other": field is immutable',
      'metadata.uid: Invalid value: "v": field is immutable',
    ]);
    assert.deepEqual(
      validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x'] }, { ...old, deletionTimestamp: '2024-01-02T00:00:00Z' }).map(fieldErrorString),
      ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a.io/x"}'],
    );
  });
});

describe('strategies index', () => {
  it('has every kind the registry asks for', async () => {
    const { strategies } = await import('./index.js');
    assert.deepEqual(Object.keys(strategies).sort(), [
      'apiextensions.k8s.io/customresourcedefinitions',
      'apps/controllerrevisions',
      'apps/statefulsets',
      'configmaps',
      'coordination.k8s.io/leases',
      'discovery.k8s.io/endpointslices',
      'endpoints',
      'events',
      'events.k8s.io/events',
      'namespaces',
      'nodes',
      'persistentvolumeclaims',
      'persistentvolumes',
      'pods',
      'secrets',
      'serviceaccounts',
      'services',
      'storage.k8s.io/storageclasses',
    ]);
  });
});
