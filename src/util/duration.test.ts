import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './duration.js';

test('parseDuration accepts Go duration syntax and bare 0', () => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['500ms', 500],
    ['2s', 2000],
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['250us', 0.25],
    [' 3s ', 3000],
    ['-2s', -2000],
  ];
  for (const [input, want] of cases) assert.equal(parseDuration(input), want, input);
});

test('parseDuration rejects malformed input', () => {
  for (const bad of ['', '5', '2x', 's', '1s2', 'ms', '-']) assert.throws(() => parseDuration(bad), /invalid duration/, bad);
});

test('formatDuration prints like Go', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [500, '500ms'],
    [10_000, '10s'],
    [300_000, '5m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
  ];
  for (const [input, want] of cases) assert.equal(formatDuration(input), want, String(input));
});
