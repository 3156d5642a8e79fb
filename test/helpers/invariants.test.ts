// The invariant checker's replay, table-driven over synthetic event histories: it must flag
// duplicate identities (Terminating counts as live) and OrderedReady create/delete violations,
// and stay quiet for legal histories (Parallel sets, in-order scale up/down, deleted sets).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantChecker } from './invariants.js';

type Ev = Parameters<typeof InvariantChecker.replay>[0][number];
let rv = 0;
const setUid = 'set-uid';
const set = (type: Ev['type'], spec: Record<string, unknown> = {}, deleting = false): Ev => ({
  kind: 'set',
  type,
  obj: { metadata: { name: 'web', namespace: 'ns', uid: setUid, resourceVersion: String(++rv), ...(deleting ? { deletionTimestamp: 'x' } : {}) }, spec: { replicas: 3, ...spec } },
});
const pod = (type: Ev['type'], ord: number, o: { uid?: string; ready?: boolean; terminating?: boolean } = {}): Ev => ({
  kind: 'pod',
  type,
  obj: {
    metadata: {
      name: `web-${ord}`,
      namespace: 'ns',
      uid: o.uid ?? `p${ord}`,
      resourceVersion: String(++rv),
      ...(o.terminating ? { deletionTimestamp: 'x' } : {}),
      ownerReferences: [{ kind: 'StatefulSet', name: 'web', uid: setUid, controller: true }],
    },
    status: o.ready ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } : { phase: 'Pending' },
  },
});

const cases: { name: string; events: () => Ev[]; want: RegExp[] }[] = [
  {
    name: 'ordered scale up is clean',
    events: () => [set('ADDED'), pod('ADDED', 0), pod('MODIFIED', 0, { ready: true }), pod('ADDED', 1), pod('MODIFIED', 1, { ready: true }), pod('ADDED', 2)],
    want: [],
  },
  {
    name: 'creating web-1 before web-0 is Ready',
    events: () => [set('ADDED'), pod('ADDED', 0), pod('ADDED', 1)],
    want: [/OrderedReady violation: web-1 created while ordinal 0 is not Running\+Ready/],
  },
  {
    name: 'creating web-2 while web-0 is terminating',
    events: () => [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), pod('MODIFIED', 0, { ready: true, terminating: true }), pod('ADDED', 2)],
    want: [/web-2 created while ordinal 0 is terminating/],
  },
  {
    name: 'a create racing an external deletion of a lower ordinal (within the window) is tolerated',
    events: () => {
      const evs = [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), pod('MODIFIED', 0, { ready: true, terminating: true }), pod('ADDED', 2)];
      evs[4].at = (Number(evs[3].obj.metadata.resourceVersion) * 10_000) + 200;
      return evs;
    },
    want: [],
  },
  {
    name: 'a create long after a lower ordinal went missing is a violation',
    events: () => [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), pod('DELETED', 0, { ready: true, terminating: true }), pod('ADDED', 2)],
    want: [/web-2 created while ordinal 0 is missing/],
  },
  {
    name: 'Parallel sets are not ordered',
    events: () => [set('ADDED', { podManagementPolicy: 'Parallel' }), pod('ADDED', 0), pod('ADDED', 1), pod('ADDED', 2)],
    want: [],
  },
  {
    name: 'a second pod with the same identity while the first is Terminating',
    events: () => [set('ADDED', { replicas: 1 }), pod('ADDED', 0, { ready: true }), pod('MODIFIED', 0, { ready: true, terminating: true }), pod('ADDED', 0, { uid: 'other' })],
    want: [/duplicate identity ns\/web\/0: web-0 \(uid other\) created while uid p0 is still live \(Terminating\)/],
  },
  {
    name: 'replacement after the old pod is gone is fine',
    events: () => [set('ADDED', { replicas: 1 }), pod('ADDED', 0, { ready: true }), pod('DELETED', 0, { terminating: true }), pod('ADDED', 0, { uid: 'other' })],
    want: [],
  },
  {
    name: 'scale down deleting web-1 while web-2 exists',
    events: () => [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), pod('ADDED', 2, { ready: true }), set('MODIFIED', { replicas: 1 }), pod('MODIFIED', 1, { ready: true, terminating: true })],
    want: [/scale-down violation: web-1 deleted while ordinal 2 still exists/],
  },
  {
    name: 'scale down highest first, waiting for each to be gone',
    events: () => [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), pod('ADDED', 2, { ready: true }), set('MODIFIED', { replicas: 1 }), pod('MODIFIED', 2, { terminating: true }), pod('DELETED', 2, { terminating: true }), pod('MODIFIED', 1, { terminating: true })],
    want: [],
  },
  {
    name: 'deleting the set lets the garbage collector delete in any order',
    events: () => [set('ADDED'), pod('ADDED', 0, { ready: true }), pod('ADDED', 1, { ready: true }), set('MODIFIED', { replicas: 0 }, true), pod('MODIFIED', 0, { terminating: true })],
    want: [],
  },
];

describe('InvariantChecker replay', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = InvariantChecker.replay(c.events());
      assert.equal(got.length, c.want.length, got.join('\n'));
      c.want.forEach((re, i) => assert.match(got[i], re));
    });
  }
  it('orders events by resourceVersion, not by arrival', () => {
    const evs = [set('ADDED'), pod('ADDED', 0), pod('MODIFIED', 0, { ready: true }), pod('ADDED', 1)];
    assert.deepEqual(InvariantChecker.replay([evs[3], evs[1], evs[0], evs[2]]), []);
  });
});
