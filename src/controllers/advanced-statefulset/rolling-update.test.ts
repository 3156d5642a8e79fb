import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapConcurrent } from './rolling-update.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

test('mapConcurrent keeps input order, settles failures and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await tick();
    inFlight--;
    if (n === 4) throw new Error('four');
    return n * 10;
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    [10, 20, 30, 'four', 50, 60, 70],
  );
});

test('mapConcurrent on no items resolves to no results', async () => {
  assert.deepEqual(await mapConcurrent([], 4, async () => 1), []);
});
