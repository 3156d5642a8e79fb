import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runController, queueActionFor } from './controller.js';
import { TerminalError } from './contracts.js';
import { DefaultWorkQueue } from './workqueue.js';
import { FakeClock } from './clock.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiters.js';

const tick = () => new Promise((r) => setImmediate(r));

test('queueActionFor: one table for every outcome', () => {
  const cases: Array<[string, ReturnType<typeof queueActionFor>['kind'], Parameters<typeof queueActionFor>]> = [
    ['void result', 'forget', [undefined, undefined, false]],
    ['empty result', 'forget', [{}, undefined, false]],
    ['requeue after', 'requeueAfter', [{ requeueAfterMs: 50 }, undefined, false]],
    ['zero requeue is ok', 'forget', [{ requeueAfterMs: 0 }, undefined, false]],
    ['terminal error', 'terminal', [undefined, new TerminalError('x'), true]],
    ['other error', 'rateLimited', [undefined, new Error('x'), true]],
  ];
  for (const [name, kind, args] of cases) assert.equal(queueActionFor(...args).kind, kind, name);
});

test('workers apply the queue action: retry errors with back-off, drop terminal, requeue after', async () => {
  const clock = new FakeClock();
  const queue = new DefaultWorkQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(10, 1000) });
  const calls: string[] = [];
  let failures = 2;
  const ctl = runController({
    name: 't',
    queue,
    workers: 2,
    reconciler: {
      async reconcile(key) {
        calls.push(key);
        if (key === 'flaky' && failures-- > 0) throw new Error('boom');
        if (key === 'bad') throw new TerminalError('nope');
        if (key === 'later' && calls.filter((k) => k === 'later').length === 1) return { requeueAfterMs: 500 };
      },
    },
  });
  queue.add('flaky');
  queue.add('bad');
  queue.add('later');
  await tick();
  assert.deepEqual(calls.sort(), ['bad', 'flaky', 'later']);
  assert.equal(queue.numRequeues('flaky'), 1);
  assert.equal(queue.numRequeues('bad'), 0);
  clock.step(10);
  await tick();
  clock.step(20);
  await tick();
  assert.equal(calls.filter((k) => k === 'flaky').length, 3);
  assert.equal(queue.numRequeues('flaky'), 0, 'success forgets');
  clock.step(500);
  await tick();
  assert.equal(calls.filter((k) => k === 'later').length, 2);
  assert.equal(calls.filter((k) => k === 'bad').length, 1);
  await ctl.stop();
});

test('never two workers on one key, even with many workers', async () => {
  const queue = new DefaultWorkQueue({ clock: new FakeClock() });
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const ctl = runController({
    name: 't',
    queue,
    workers: 8,
    reconciler: {
      async reconcile() {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        await tick();
        active--;
      },
    },
  });
  for (let i = 0; i < 20; i++) {
    queue.add('same');
    await Promise.resolve();
  }
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(maxActive, 1);
  assert.ok(runs >= 1 && runs <= 3, `coalesced: ${runs}`);
  await ctl.stop();
});
