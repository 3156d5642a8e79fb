// Table tests of the status patch diff: what is left out, where nulls go, and that applying the
// patch with strategic-merge semantics (conditions by type, container statuses whole) gives the
// desired status.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameValue, statusPatch, withRemovals } from './status-patch.js';

const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:00:05Z';
const cond = (type: string, status: string, extra: Record<string, unknown> = {}) => ({ type, status, lastProbeTime: null, lastTransitionTime: T0, ...extra });
const waiting = { name: 'app', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'nginx:1.25', imageID: '', started: false };
const running = { name: 'app', state: { running: { startedAt: T1 } }, lastState: {}, ready: true, restartCount: 0, image: 'docker.io/library/nginx:1.25', imageID: 'id', containerID: 'c1', started: true };

/** Strategic merge of a status patch as the API server does it for these fields (nulls delete). */
function apply(current: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const dropNulls = (v: any): any => {
    if (Array.isArray(v)) return v.map(dropNulls);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
    return v;
  };
  const mergeMap = (a: any, b: any): any => {
    const out: any = { ...(a ?? {}) };
    for (const [k, v] of Object.entries(b)) {
      if (v === null) delete out[k];
      else out[k] = v && typeof v === 'object' && !Array.isArray(v) ? mergeMap(out[k], v) : v;
    }
    return out;
  };
  const out: Record<string, any> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (k !== 'conditions') out[k] = dropNulls(v);
  }
  const conds = [...(current.conditions ?? [])];
  for (const c of patch.conditions ?? []) {
    const i = conds.findIndex((x: any) => x.type === c.type);
    if (i >= 0) conds[i] = mergeMap(conds[i], c);
    else conds.push(dropNulls(c));
  }
  if (conds.length) out.conditions = conds;
  return out;
}

const pending = { phase: 'Pending', qosClass: 'BestEffort', conditions: [cond('PodScheduled', 'True')] };
const creating = {
  phase: 'Pending',
  hostIP: '10.0.0.1',
  startTime: T0,
  conditions: [cond('Initialized', 'True'), cond('Ready', 'False', { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' })],
  containerStatuses: [waiting],
};
const ready = {
  phase: 'Running',
  hostIP: '10.0.0.1',
  startTime: T0,
  podIP: '10.244.0.2',
  conditions: [cond('Initialized', 'True'), cond('Ready', 'True', { lastTransitionTime: T1 })],
  containerStatuses: [running],
};

const cases: Array<{ name: string; current: any; desired: any; want: any }> = [
  {
    name: 'first write: everything but the unchanged phase is new, nothing to remove',
    current: pending,
    desired: creating,
    want: { hostIP: '10.0.0.1', startTime: T0, conditions: creating.conditions, containerStatuses: [waiting] },
  },
  {
    name: 'container starts: unchanged fields and conditions left out, stale reason/message and waiting state removed',
    current: { ...pending, ...creating, conditions: [...pending.conditions, ...creating.conditions] },
    desired: ready,
    want: {
      phase: 'Running',
      podIP: '10.244.0.2',
      conditions: [{ ...cond('Ready', 'True', { lastTransitionTime: T1 }), reason: null, message: null }],
      containerStatuses: [{ ...running, state: { waiting: null, running: { startedAt: T1 } } }],
    },
  },
  { name: 'nothing changed', current: { ...ready, qosClass: 'BestEffort' }, desired: ready, want: {} },
];

for (const c of cases) {
  test(`statusPatch: ${c.name}`, () => {
    const got = statusPatch(c.desired, c.current);
    assert.deepEqual(got, c.want);
    // Applying the patch yields the desired kubelet-owned status, foreign fields kept.
    const after = apply(c.current, got);
    for (const k of Object.keys(c.desired)) {
      if (k === 'conditions') {
        for (const dc of c.desired.conditions) assert.ok(sameValue(dc, after.conditions.find((x: any) => x.type === dc.type)), `${dc.type} after patch`);
      } else assert.ok(sameValue(after[k], c.desired[k]), `${k} after patch: ${JSON.stringify(after[k])}`);
    }
    for (const k of Object.keys(c.current)) if (!(k in c.desired) && k !== 'conditions') assert.deepEqual(after[k], c.current[k], `foreign ${k} kept`);
  });
}

test('withRemovals nulls keys the old map has and the new one lacks, at every depth of maps', () => {
  assert.deepEqual(withRemovals({ a: 1, m: { x: 1 } }, { a: 2, b: 3, m: { x: 2, y: 4 }, n: null }), { b: null, a: 1, m: { y: null, x: 1 } });
  assert.deepEqual(withRemovals({ a: 1 }, undefined), { a: 1 });
  assert.deepEqual(withRemovals({ l: [1] }, { l: [1, 2] }), { l: [1] });
});
