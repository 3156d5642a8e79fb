// The renderers: the non-TTY one prints one line per change and never repeats itself, the live
// region redraws in place under scrolling events; durations parse and print as kubectl users write them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, table } from './format.js';
import { LiveRegion, fitWidth } from './live-region.js';
import { PlainRenderer, bar, barDetail } from './render.js';

test('PlainRenderer writes one line per change, with the elapsed time, and each new message once', () => {
  const out: string[] = [];
  const r = new PlainRenderer((s) => out.push(s));
  const upd = (pods: number, ready: number) => ({ revision: 'web-b', role: 'update' as const, pods, ready, available: ready });
  const cur = (pods: number) => ({ revision: 'web-a', role: 'current' as const, pods, ready: pods, available: pods });
  r.update({ desired: 2, revisions: [upd(0, 0), cur(2)], message: 'Waiting for 1 pods to be ready...', elapsedMs: 300 });
  r.update({ desired: 2, revisions: [upd(0, 0), cur(2)], message: 'Waiting for 1 pods to be ready...', elapsedMs: 400 });
  r.log('an event');
  r.update({ desired: 2, revisions: [upd(1, 0), cur(1)], message: 'Waiting for 1 pods to be ready...', elapsedMs: 1500 });
  r.update({ desired: 2, revisions: [upd(2, 2), cur(0)], message: '', elapsedMs: 12_340 });
  assert.deepEqual(out, [
    ' 300ms  web-b (update): updated 0/2, ready 0/2, available 0/2 | web-a (current): 2/2 pods, 2 ready, 2 available\n',
    '        Waiting for 1 pods to be ready...\n',
    'an event\n',
    '  1.5s  web-b (update): updated 1/2, ready 0/2, available 0/2 | web-a (current): 1/2 pods, 1 ready, 1 available\n',
    ' 12.3s  web-b (update): updated 2/2, ready 2/2, available 2/2 | web-a (current): 0/2 pods, 0 ready, 0 available\n',
  ]);
});

test('bar: ready cells, then not-ready pods, then the rest of desired, always `size` wide', () => {
  const rc = (pods: number, ready: number) => ({ revision: 'r', role: 'update' as const, pods, ready, available: ready });
  const cases: Array<[number, number, number, number, string]> = [
    [0, 0, 20, 10, '░░░░░░░░░░'],
    [20, 20, 20, 10, '██████████'],
    [10, 5, 20, 10, '███▒▒░░░░░'],
    [3, 0, 20, 10, '▒▒░░░░░░░░'],
    [1, 1, 3, 6, '██░░░░'],
    [4, 4, 3, 6, '██████'], // more pods than desired (scale-down in progress): full, not overflowing
    [0, 0, 0, 5, '░░░░░'],
  ];
  for (const [pods, ready, desired, size, want] of cases) assert.equal(bar(rc(pods, ready), desired, size), want, `${pods}/${ready}/${desired}`);
  assert.equal(barDetail(rc(12, 10), 20), 'updated 12/20  ready 10/20  available 10/20');
  assert.equal(barDetail({ ...rc(8, 8), role: 'current' }, 20), 'pods 8/20  ready 8/20  available 8/20');
});

test('fitWidth cuts visible characters only and closes an open colour', () => {
  assert.equal(fitWidth('abcdef', 4), 'abcd');
  assert.equal(fitWidth('abc', 4), 'abc');
  assert.equal(fitWidth('\x1b[32m██████\x1b[0m tail', 3), '\x1b[32m███\x1b[0m');
  assert.equal(fitWidth('\x1b[1mab\x1b[0mcd', 10), '\x1b[1mab\x1b[0mcd');
});

test('LiveRegion redraws its lines in place with log lines above, one frame per burst', async () => {
  const frames: string[] = [];
  const region = new LiveRegion({ write: (s: string) => frames.push(s), columns: 20 }, 10);
  region.set(['bar 1/3', 'waiting']);
  region.log('event one, long enough to wrap past twenty columns');
  region.set(['bar 2/3', 'waiting']);
  await new Promise((r) => setTimeout(r, 30));
  region.set(['bar 3/3']);
  region.stop();
  assert.deepEqual(frames, [
    '\x1b[?25l',
    // one frame for the burst: the event in full (it may wrap, it scrolls away), then the latest lines cut to 19 columns
    '\r\x1b[Jevent one, long enough to wrap past twenty columns\nbar 2/3\nwaiting',
    // back up over both live rows, clear, redraw; stop leaves the last frame and shows the cursor
    '\r\x1b[1A\x1b[Jbar 3/3',
    '\n\x1b[?25h',
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
