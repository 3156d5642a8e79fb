// The node agent's compact per-pod state: timers that pass their data to a shared callback,
// containers of one shape with shared empty probe sets, and the log store's per-pod entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../controller/clock.js';
import { ContainerSim, NO_PROBES, newContainerSim } from './model.js';
import { PodLogStore } from './pod-logs.js';
import { stopProbes } from './probes.js';
import { flat } from './strings.js';
import { TimerHeap } from './timer-heap.js';

test('a timer can hand its data to a shared callback, and its handle cancels it', () => {
  const clock = new FakeClock();
  const heap = new TimerHeap(clock);
  const fired: string[] = [];
  const shared = (who: { name: string }) => fired.push(who.name);
  heap.after(20, shared, { name: 'b' });
  const a = heap.after(10, shared, { name: 'a' });
  heap.after(10, shared, { name: 'a2' });
  a.cancel();
  clock.step(25);
  assert.deepEqual(fired, ['a2', 'b']);
  assert.equal(heap.size(), 0);
});

test('containers share one shape and one empty probe set until a probe begins', () => {
  const c = newContainerSim({ name: 'app', image: 'nginx:1.25' }, false, 0);
  assert.ok(c instanceof ContainerSim);
  assert.equal(c.probes, NO_PROBES);
  assert.ok(Object.isFrozen(NO_PROBES), 'nobody can write into the shared set');
  assert.deepEqual(Object.keys(c).sort(), Object.keys(newContainerSim({ name: 'x', image: 'y' }, true, 3)).sort());
  assert.equal(c.phase, 'Blocked');
  stopProbes(c);
  assert.equal(c.probes, NO_PROBES);
});

test('pod logs: lines per container, previous instance, bound and forget', () => {
  let now = Date.parse('2024-05-01T12:00:00Z');
  const logs = new PodLogStore(() => now);
  logs.append('ns/p', 'app', 'one');
  logs.append('ns/p', 'side', 'car');
  now += 1000;
  logs.append('ns/p', 'app', 'two');
  assert.equal(logs.getLogs('ns', 'p', 'app'), '2024-05-01T12:00:00.000Z one\n2024-05-01T12:00:01.000Z two\n');
  assert.deepEqual(logs.containers('ns', 'p'), ['app', 'side']);
  assert.equal(logs.getLogs('ns', 'p', 'app', true), undefined, 'no previous instance yet');
  logs.rotate('ns/p', 'app');
  assert.equal(logs.getLogs('ns', 'p', 'app'), '');
  assert.match(logs.getLogs('ns', 'p', 'app', true)!, /one\n.*two\n$/);
  for (let i = 0; i < 250; i++) logs.append('ns/p', 'app', `line ${i}`);
  const lines = logs.getLogs('ns', 'p', 'app')!.trimEnd().split('\n');
  assert.equal(lines.length, 200);
  assert.match(lines[0], /line 50$/);
  assert.match(lines[199], /line 249$/);
  assert.equal(logs.getLogs('ns', 'p', 'nope'), undefined);
  logs.forget('ns/p');
  assert.equal(logs.containers('ns', 'p'), undefined);
});

test('flat keeps the string as it is', () => {
  const parts = ['sched', 'p-1-2', 'x'.repeat(40)];
  const s = `${parts[0]}/${parts[1]}/${parts[2]}`;
  assert.equal(flat(s), s);
  assert.equal(flat(''), '');
});
