import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minTolerationMs, reconcileTaints, taintsForReady, toleratesTaint, UNREACHABLE, type Taint } from './taints.js';

const unreachable: Taint = { key: UNREACHABLE, effect: 'NoExecute' };

test('toleratesTaint follows the scheduler rules', () => {
  const cases: Array<[object, Taint, boolean]> = [
    [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }, unreachable, true],
    [{ key: UNREACHABLE, operator: 'Exists' }, unreachable, true],
    [{ operator: 'Exists' }, unreachable, true],
    [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoSchedule' }, unreachable, false],
    [{ key: 'other', operator: 'Exists' }, unreachable, false],
    [{ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }, true],
    [{ key: 'k', value: 'w', operator: 'Equal' }, { key: 'k', value: 'v', effect: 'NoExecute' }, false],
  ];
  for (const [tol, taint, want] of cases) assert.equal(toleratesTaint(tol, taint), want, JSON.stringify(tol));
});

test('minTolerationMs: evict now, after tolerationSeconds, or never', () => {
  const t300 = { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  assert.equal(minTolerationMs([], [unreachable]), -1);
  assert.equal(minTolerationMs([t300], [unreachable]), 300_000);
  assert.equal(minTolerationMs([t300, { operator: 'Exists', tolerationSeconds: 10 }], [unreachable]), 10_000);
  assert.equal(minTolerationMs([{ operator: 'Exists' }], [unreachable]), Infinity);
  assert.equal(minTolerationMs([], [{ key: 'x', effect: 'NoSchedule' }]), Infinity);
  assert.equal(minTolerationMs([t300], [unreachable, { key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }]), -1);
});

test('taints follow the Ready condition and keep foreign taints and timeAdded', () => {
  assert.deepEqual(taintsForReady('True', 't'), []);
  assert.deepEqual(taintsForReady('Unknown', 't').map((t) => `${t.key}:${t.effect}`), [`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]);
  const current: Taint[] = [{ key: 'dedicated', value: 'zk', effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute', timeAdded: 'old' }];
  assert.deepEqual(reconcileTaints(current, []), [{ key: 'dedicated', value: 'zk', effect: 'NoSchedule' }]);
  const both = reconcileTaints(current, taintsForReady('Unknown', 'new'))!;
  assert.equal(both.find((t) => t.effect === 'NoExecute')!.timeAdded, 'old');
  assert.equal(reconcileTaints(both, taintsForReady('Unknown', 'new')), undefined, 'nothing to do');
});
