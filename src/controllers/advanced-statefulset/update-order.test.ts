// Table tests of Kruise's update order (stateful_update_utils.go sortPodsToUpdate with
// pkg/util/updatesort) and of the other small pure rules: hook matching and scale maxUnavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../statefulset/types.js';
import { sortByPriority, sortPodsToUpdate, suffixInt } from './update-order.js';
import { isPodAllHooked, isPodHooked } from './lifecycle.js';
import { scaleMaxUnavailable, statusNeedsWrite } from './kruise-hooks.js';

const pod = (name: string, labels: Record<string, string> = {}, extra: Partial<Pod['metadata']> = {}): Pod => ({ metadata: { name, labels, ...extra } });

test('suffixInt: trailing integer, 0 when none', () => {
  for (const [v, want] of [['sts-10', 10], ['7', 7], ['abc', 0], ['', 0], ['a1b', 0]] as const) assert.equal(suffixInt(v), want, v);
});

test('sortByPriority', async (t) => {
  const cases: { name: string; ps: Parameters<typeof sortByPriority>[0]; pods: Pod[]; want: string }[] = [
    {
      name: 'weights add up, ties keep input order',
      ps: { weightPriority: [{ weight: 50, matchSelector: { matchLabels: { a: '1' } } }, { weight: 30, matchSelector: { matchLabels: { b: '1' } } }] },
      pods: [pod('p3'), pod('p2', { b: '1' }), pod('p1', { a: '1' }), pod('p0', { a: '1', b: '1' })],
      want: 'p0,p1,p2,p3',
    },
    {
      name: 'order: no key first (level -1), then earlier key, then larger integer',
      ps: { orderPriority: [{ orderedKey: 'k1' }, { orderedKey: 'k2' }] },
      pods: [pod('p4', { k2: 'x-9' }), pod('p3', { k1: 'x-1' }), pod('p2'), pod('p1', { k1: 'x-5' }), pod('p0', { k1: 'none' })],
      want: 'p2,p1,p3,p0,p4',
    },
    { name: 'no strategy keeps order', ps: undefined, pods: [pod('b'), pod('a')], want: 'b,a' },
  ];
  for (const c of cases) await t.test(c.name, () => assert.equal(sortByPriority(c.ps, c.pods).map((p) => p.metadata.name).join(), c.want));
});

test('sortPodsToUpdate', async (t) => {
  const replicas = [pod('w-0', { r: 'old' }), pod('w-1', { r: 'new' }), pod('w-2', { r: 'old', p: 'hi' }), pod('w-3', { r: 'old' })];
  const isUpdated = (p: Pod) => p.metadata.labels?.r === 'new';
  await t.test('ordered: highest ordinals first, replicas - partition of them', () => assert.deepEqual(sortPodsToUpdate({ replicas, partition: 1, unordered: false, isUpdated }), [3, 2, 1]));
  await t.test('partition ≥ replicas: nothing', () => assert.deepEqual(sortPodsToUpdate({ replicas, partition: 4, unordered: false, isUpdated }), []));
  await t.test('unordered: updated first, then by priority', () =>
    assert.deepEqual(sortPodsToUpdate({ replicas, partition: 2, unordered: true, isUpdated, priority: { weightPriority: [{ weight: 10, matchSelector: { matchLabels: { p: 'hi' } } }] } }), [1, 2]));
});

test('lifecycle hook matching: any handler = hooked; every handler = all hooked; a hook without handlers is all hooked', () => {
  const hook = { labelsHandler: { a: '1' }, finalizersHandler: ['f'] };
  assert.equal(isPodHooked(hook, pod('x', { a: '1' })), true);
  assert.equal(isPodAllHooked(hook, pod('x', { a: '1' })), false);
  assert.equal(isPodAllHooked(hook, pod('x', { a: '1' }, { finalizers: ['f'] })), true);
  assert.equal(isPodHooked(hook, pod('x', { a: '2' })), false);
  assert.equal(isPodAllHooked({}, pod('x')), true);
  assert.equal(isPodAllHooked(undefined, pod('x')), false);
});

test('scaleStrategy.maxUnavailable: percent of replicas rounded down, at least 1; unset = no limit', () => {
  const set = (maxUnavailable: unknown, replicas = 10) => ({ metadata: {}, spec: { replicas, template: {}, scaleStrategy: maxUnavailable === undefined ? undefined : { maxUnavailable } } }) as any;
  assert.equal(scaleMaxUnavailable(set(undefined)), undefined);
  assert.equal(scaleMaxUnavailable(set(3)), 3);
  assert.equal(scaleMaxUnavailable(set('25%')), 2);
  assert.equal(scaleMaxUnavailable(set('5%')), 1);
});

test('statusNeedsWrite: a new failure condition, labelSelector or updatedReady count forces a write', () => {
  const set = { metadata: {}, spec: { template: {} }, status: { replicas: 1, labelSelector: 'app=a', conditions: [{ type: 'FailedCreatePod', status: 'True', message: 'm' }] } } as any;
  assert.equal(statusNeedsWrite(set, { replicas: 1, labelSelector: 'app=a' }), false);
  assert.equal(statusNeedsWrite(set, { replicas: 1, labelSelector: 'app=a', conditions: [{ type: 'FailedCreatePod', status: 'True', message: 'm' }] }), false);
  assert.equal(statusNeedsWrite(set, { replicas: 1, labelSelector: 'app=a', conditions: [{ type: 'FailedCreatePod', status: 'True', message: 'other' }] }), true);
  assert.equal(statusNeedsWrite(set, { replicas: 1, labelSelector: 'app=b' }), true);
  assert.equal(statusNeedsWrite(set, { replicas: 1, labelSelector: 'app=a', updatedReadyReplicas: 1 }), true);
});
