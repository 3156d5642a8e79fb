// Table tests of Kruise's Advanced StatefulSet defaulting and webhook validation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorString } from '../apimachinery/field-errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import { admitKruiseStatefulSet, kruiseStatefulSetStrategy } from './strategy.js';
import { kruiseSample } from '../../test/helpers/kruise-sample.js';

/** The seed's `sample` manifest, unchanged. */
const sample = (): KubeObject => kruiseSample();

const create = (mut: (o: any) => void): string[] => {
  const o = sample();
  mut(o);
  return admitKruiseStatefulSet('CREATE', o).map(fieldErrorString);
};

test('the seed sample is accepted and defaulted as Kruise does', () => {
  const o = sample();
  assert.deepEqual(admitKruiseStatefulSet('CREATE', o), []);
  const ru = o.spec.updateStrategy.rollingUpdate;
  assert.deepEqual(ru, { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 2, partition: 0, minReadySeconds: 0 });
  assert.equal(o.spec.revisionHistoryLimit, 10);
  assert.deepEqual(o.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(o.spec.template.spec.restartPolicy, 'Always');
  assert.equal(o.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
});

test('bare spec gets all defaults', () => {
  const o = sample();
  delete o.spec.replicas;
  delete o.spec.podManagementPolicy;
  delete o.spec.updateStrategy;
  delete o.spec.template.spec.readinessGates;
  assert.deepEqual(admitKruiseStatefulSet('CREATE', o), []);
  assert.equal(o.spec.replicas, 1);
  assert.equal(o.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } });
});

const P = 'spec.updateStrategy.rollingUpdate';
const cases: [string, (o: any) => void, string[]][] = [
  ['maxUnavailable 2 with OrderedReady', (o) => (o.spec.podManagementPolicy = 'OrderedReady'), [`${P}.maxUnavailable: Invalid value: 2: can only work with Parallel PodManagementPolicyType`]],
  ['maxUnavailable 100% with OrderedReady', (o) => Object.assign(o.spec, { podManagementPolicy: 'OrderedReady' }) && (o.spec.updateStrategy.rollingUpdate.maxUnavailable = '100%'), [`${P}.maxUnavailable: Invalid value: "100%": can only work with Parallel PodManagementPolicyType`]],
  ['maxUnavailable 0', (o) => (o.spec.updateStrategy.rollingUpdate.maxUnavailable = 0), [`${P}.maxUnavailable: Invalid value: 0: should not be less than 1`]],
  ['maxUnavailable 0%', (o) => (o.spec.updateStrategy.rollingUpdate.maxUnavailable = '0%'), [`${P}.maxUnavailable: Invalid value: "0%": should not be less than 1`]],
  ['maxUnavailable 1% is fine', (o) => (o.spec.updateStrategy.rollingUpdate.maxUnavailable = '1%'), []],
  ['maxUnavailable malformed', (o) => (o.spec.updateStrategy.rollingUpdate.maxUnavailable = 'x'), [`${P}.maxUnavailable: Invalid value: "x": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`]],
  ['no readiness gate', (o) => delete o.spec.template.spec.readinessGates, ['spec.template.spec.readinessGates: Invalid value: null: must contains InPlaceUpdateReady when podUpdatePolicy is InPlaceIfPossible']],
  ['unknown podUpdatePolicy', (o) => (o.spec.updateStrategy.rollingUpdate.podUpdatePolicy = 'Rolling'), [`${P}.podUpdatePolicy: Invalid value: "Rolling": must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'`]],
  ['negative partition', (o) => (o.spec.updateStrategy.rollingUpdate.partition = -1), [`${P}.partition: Invalid value: -1: must be greater than or equal to 0`]],
  ['minReadySeconds 301', (o) => (o.spec.updateStrategy.rollingUpdate.minReadySeconds = 301), [`${P}.minReadySeconds: Invalid value: 301: must be no more than 300 seconds`]],
  ['unorderedUpdate with OrderedReady', (o) => Object.assign(o.spec, { podManagementPolicy: 'OrderedReady' }) && Object.assign(o.spec.updateStrategy.rollingUpdate, { maxUnavailable: 1, unorderedUpdate: {} }), [`${P}.unorderedUpdate: Required value: unorderedUpdate can only work with Parallel PodManagementPolicyType`]],
  ['both priority kinds', (o) => (o.spec.updateStrategy.rollingUpdate.unorderedUpdate = { priorityStrategy: { orderPriority: [{ orderedKey: 'k' }], weightPriority: [{ weight: 1, matchSelector: { matchLabels: { a: 'b' } } }] } }), [`${P}.unorderedUpdate.priorityStrategy: Invalid value: map[orderPriority:[]{map[orderedKey:k]} weightPriority:[]{map[matchSelector:map[matchLabels:map[a:b]] weight:1]}]: only one of weightPriority and orderPriority can be used`]],
  ['reserveOrdinals ok', (o) => (o.spec.reserveOrdinals = [1, '3-5']), []],
  ['reserveOrdinals bad range', (o) => (o.spec.reserveOrdinals = [1, '5-3', 'a']), ['spec: Invalid value: "5-3": 1 th reserve ordinal is invalid: 5-3, err = invalid range 5-3', 'spec: Invalid value: "a": 2 th reserve ordinal is not a valid range: a']],
  ['reserveOrdinals negative', (o) => (o.spec.reserveOrdinals = [-2]), ['spec: Invalid value: -2: 0 th reserve ordinal is negative: -2']],
  ['OnDelete with rollingUpdate', (o) => (o.spec.updateStrategy.type = 'OnDelete'), [`${P}: Invalid value: map[maxUnavailable:2 podUpdatePolicy:InPlaceIfPossible]: only allowed for updateStrategy 'RollingUpdate'`]],
  ['scaleStrategy with OrderedReady', (o) => Object.assign(o.spec, { podManagementPolicy: 'OrderedReady', scaleStrategy: { maxUnavailable: 3 } }) && (o.spec.updateStrategy.rollingUpdate.maxUnavailable = 1), ['spec.scaleStrategy.maxUnavailable: Invalid value: 3: can only work with Parallel PodManagementPolicyType']],
  ['empty selector', (o) => (o.spec.selector = {}), ['spec.selector: Invalid value: map[]: empty selector is invalid for statefulset']],
  ['selector mismatch', (o) => (o.spec.selector = { matchLabels: { app: 'x' } }), ['spec.template.metadata.labels: Invalid value: map[app:sample]: `selector` does not match template `labels`']],
  ['bad retention', (o) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Retain' }), ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']],
];

for (const [name, mut, want] of cases) {
  test(`validation: ${name}`, () => assert.deepEqual(create(mut), want));
}

function update(mutOld: (o: any) => void, mutNew: (o: any) => void): string[] {
  const old = sample();
  mutOld(old);
  assert.deepEqual(admitKruiseStatefulSet('CREATE', old), []);
  const cur = structuredClone(old);
  mutNew(cur);
  return admitKruiseStatefulSet('UPDATE', cur, old).map(fieldErrorString);
}

const inPlaceOnly = (o: any) => (o.spec.updateStrategy.rollingUpdate.podUpdatePolicy = 'InPlaceOnly');

test('update: InPlaceOnly accepts image and metadata changes', () => {
  assert.deepEqual(update(inPlaceOnly, (o) => ((o.spec.template.spec.containers[0].image = 'nginx:1.27'), (o.spec.template.metadata.labels.v = '2'))), []);
});

test('update: InPlaceOnly refuses an env change with the op and path', () => {
  assert.deepEqual(update(inPlaceOnly, (o) => (o.spec.template.spec.containers[0].env = [{ name: 'A', value: 'b' }])), [
    'spec.template: Forbidden: invalid template modified with InPlaceOnly strategy: add /containers/0/env, currently only image update is allowed for InPlaceOnly',
  ]);
});

test('update: InPlaceIfPossible accepts an env change', () => {
  assert.deepEqual(update(() => {}, (o) => (o.spec.template.spec.containers[0].env = [{ name: 'A', value: 'b' }])), []);
});

test('update: immutable fields are forbidden, scaleStrategy/reserveOrdinals/lifecycle are not', () => {
  assert.match(update(() => {}, (o) => (o.spec.serviceName = 'other'))[0], /^spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals'/);
  assert.deepEqual(update(() => {}, (o) => Object.assign(o.spec, { scaleStrategy: { maxUnavailable: 2 }, reserveOrdinals: [0], lifecycle: { preDelete: { finalizersHandler: ['x/y'] } }, replicas: 5 })), []);
});

test('strategy: status kept on update, cleared on create, generation bumps on spec change', () => {
  const o = sample();
  o.status = { replicas: 9 } as any;
  kruiseStatefulSetStrategy.prepareForCreate!(o);
  assert.equal(o.status, undefined);
  assert.equal(o.metadata.generation, 1);
  kruiseStatefulSetStrategy.defaults!(o);
  const old = { ...structuredClone(o), status: { replicas: 3 } };
  const cur = structuredClone(o);
  cur.spec.replicas = 4;
  kruiseStatefulSetStrategy.prepareForUpdate!(cur, old);
  assert.deepEqual(cur.status, { replicas: 3 });
  assert.equal(cur.metadata.generation, 2);
});
