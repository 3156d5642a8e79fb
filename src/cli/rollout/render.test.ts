// The non-TTY renderer prints one line per change and never repeats itself; durations parse and
// print as kubectl users write them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, table } from './format.js';
import { PlainRenderer } from './render.js';

test('PlainRenderer writes only what changed', () => {
  const out: string[] = [];
  const r = new PlainRenderer((s) => out.push(s));
  const upd = (pods: number, ready: number) => ({ revision: 'web-b', role: 'update' as const, pods, ready, available: ready });
  const cur = (pods: number) => ({ revision: 'web-a', role: 'current' as const, pods, ready: pods, available: pods });
  r.update({ desired: 2, revisions: [upd(0, 0), cur(2)], message: 'Waiting for 1 pods to be ready...' });
  r.update({ desired: 2, revisions: [upd(0, 0), cur(2)], message: 'Waiting for 1 pods to be ready...' });
  r.log('an event');
  r.update({ desired: 2, revisions: [upd(1, 0), cur(1)], message: 'Waiting for 1 pods to be ready...' });
  r.update({ desired: 2, revisions: [upd(2, 2), cur(0)], message: '' });
  assert.deepEqual(out, [
    '  web-b (update): updated 0/2, ready 0/2, available 0/2\n',
    '  web-a (current): 2/2 pods, 2 ready, 2 available\n',
    'Waiting for 1 pods to be ready...\n',
    'an event\n',
    '  web-b (update): updated 1/2, ready 0/2, available 0/2\n',
    '  web-a (current): 1/2 pods, 1 ready, 1 available\n',
    '  web-b (update): updated 2/2, ready 2/2, available 2/2\n',
    '  web-a (current): 0/2 pods, 0 ready, 0 available\n',
  ]);
});

test('durations and tables', () => {
  const cases: Array<[string, number]> = [['0', 0], ['30', 30_000], ['90s', 90_000], ['5m', 300_000], ['1h30m', 5_400_000], ['500ms', 500], ['1.5s', 1500]];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  assert.throws(() => parseDuration('5 minutes'), /invalid duration "5 minutes"/);
  assert.equal(formatDuration(420), '420ms');
  assert.equal(formatDuration(12_340), '12.3s');
  assert.equal(formatDuration(125_000), '2m5s');
  assert.equal(table([['A', 'BB'], ['ccc', 'd']], '  '), '  A     BB\n  ccc   d');
});
