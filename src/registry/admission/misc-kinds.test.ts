// Lease, Event (core and events.k8s.io), ControllerRevision and CRD strategies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { controllerRevisionStrategy as crS } from './controller-revision.js';
import { customResourceDefinitionStrategy as crdS } from './crd.js';
import { eventStrategy, eventsV1Strategy } from './event.js';
import { leaseStrategy } from './lease.js';
import { create, statusUpdate, update } from './test-helpers.js';

const meta = { name: 'x', namespace: 'default' };

describe('lease', () => {
  const cases: Array<{ name: string; spec: any; want: string[] }> = [
    { name: 'valid', spec: { holderIdentity: 'a', leaseDurationSeconds: 15 }, want: [] },
    { name: 'zero duration', spec: { leaseDurationSeconds: 0 }, want: ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'] },
    { name: 'negative transitions', spec: { leaseTransitions: -1 }, want: ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(leaseStrategy, { metadata: meta, spec: c.spec }).errors, c.want));
});

describe('events', () => {
  it('core event namespace must match involvedObject', () => {
    assert.deepEqual(create(eventStrategy, { metadata: meta, involvedObject: { kind: 'Pod', namespace: 'other', name: 'p' }, reason: 'X', type: 'Normal' }).errors, [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
    assert.deepEqual(create(eventStrategy, { metadata: { ...meta, namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n' }, type: 'Info' }).errors, [
      'type: Unsupported value: "Info": supported values: "Normal", "Warning"',
    ]);
    assert.deepEqual(create(eventStrategy, { metadata: { ...meta, namespace: 'team' }, involvedObject: { kind: 'Node', name: 'n' } }).errors, [
      'involvedObject.namespace: Invalid value: "": does not match event.namespace',
    ]);
  });
  it('events.k8s.io requires reporting fields', () => {
    assert.deepEqual(create(eventsV1Strategy, { metadata: meta, regarding: { kind: 'Pod', name: 'p' } }).errors, [
      'eventTime: Required value',
      'reportingController: Required value',
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });
});

describe('controllerrevision', () => {
  const rev = { metadata: { name: 'web-7b6c5d8f9', namespace: 'default' }, data: { spec: { template: {} } }, revision: 1 };
  it('validates data and revision', () => {
    assert.deepEqual(create(crS, rev).errors, []);
    assert.deepEqual(create(crS, { ...rev, data: undefined }).errors, ['data: Required value: data is mandatory']);
    assert.deepEqual(create(crS, { ...rev, revision: -1 }).errors, ['revision: Invalid value: -1: must be greater than or equal to 0']);
  });
  it('data is immutable, revision is not', () => {
    assert.deepEqual(update(crS, rev, (o) => (o.revision = 5)).errors, []);
    assert.deepEqual(update(crS, rev, (o) => (o.data = { spec: { x: 1 } })).errors, ['data: Invalid value: map[spec:map[x:1]]: field is immutable']);
  });
});

describe('customresourcedefinition', () => {
  const crd = (mut: (o: any) => void = () => {}): any => {
    const o: any = {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    mut(o);
    return o;
  };
  it('defaults names and records the storage version', () => {
    const { obj, errors } = create(crdS, crd());
    assert.deepEqual(errors, []);
    assert.deepEqual([obj.spec.names.singular, obj.spec.names.listKind, obj.status.storedVersions, obj.metadata.generation], ['widget', 'WidgetList', ['v1'], 1]);
  });
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'name mismatch', mut: (o) => (o.metadata.name = 'widget.example.com'), want: ['metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group'] },
    { name: 'group without dot', mut: (o) => ((o.spec.group = 'example'), (o.metadata.name = 'widgets.example')), want: ['spec.group: Invalid value: "example": should be a domain with at least one dot'] },
    { name: 'bad scope', mut: (o) => (o.spec.scope = 'Global'), want: ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'] },
    {
      name: 'two storage versions',
      mut: (o) => o.spec.versions.push({ name: 'v2', served: true, storage: true }),
      want: [
        'spec.versions: Invalid value: []{map[name:v1 schema:map[openAPIV3Schema:map[type:object]] served:true storage:true], map[name:v2 served:true storage:true]}: must have exactly one version marked as storage version',
        // Only the first storage version is recorded on create, so (as upstream) v2 is reported too.
        'status.storedVersions: Invalid value: map[name:v2 served:true storage:true]: must have the storage version v2',
      ],
    },
    { name: 'missing kind', mut: (o) => delete o.spec.names.kind, want: ['spec.names.kind: Required value', 'spec.names.listKind: Required value'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(crdS, crd(c.mut)).errors.filter((e) => !e.startsWith('spec.names.singular')), c.want));
  it('group and plural are immutable; generation tracks spec', () => {
    const r = update(crdS, crd(), (o) => (o.spec.versions[0].served = false));
    assert.deepEqual([r.errors, r.obj.metadata.generation], [[], 2]);
    // The name rule is not re-checked on update (as upstream); the immutability rule catches it.
    assert.deepEqual(update(crdS, crd(), (o) => (o.spec.names.plural = 'gadgets')).errors, ['spec.names.plural: Invalid value: "gadgets": field is immutable']);
  });
  it('status update keeps spec and labels', () => {
    const r = statusUpdate(crdS, crd(), (o) => {
      o.spec.scope = 'Cluster';
      o.metadata.labels = { a: 'b' };
      o.status.conditions = [{ type: 'Established', status: 'True' }];
    });
    assert.deepEqual([r.obj.spec.scope, r.obj.metadata.labels, r.obj.status.conditions.length, r.errors], ['Namespaced', undefined, 1, []]);
  });
});
