import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DefaultWorkQueue } from './workqueue.js';
import { FakeClock } from './clock.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiters.js';

function newQueue() {
  const clock = new FakeClock();
  const q = new DefaultWorkQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(1, 1000) });
  return { q, clock };
}

test('keys come out in FIFO order and duplicates collapse (fair, stingy)', async () => {
  const { q } = newQueue();
  for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
  assert.equal(q.len(), 3);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
});

test('a key re-added while processing is not handed to a second worker until done()', async () => {
  const { q } = newQueue();
  q.add('a');
  const first = await q.get();
  assert.equal(first, 'a');
  q.add('a');
  assert.equal(q.len(), 0, 'parked in dirty, not queued');
  let second: string | undefined;
  const waiting = q.get().then((k) => (second = k));
  await Promise.resolve();
  assert.equal(second, undefined, 'no worker may get a while it is processing');
  q.done('a');
  await waiting;
  assert.equal(second, 'a');
});

test('done() without a re-add does not requeue', async () => {
  const { q } = newQueue();
  q.add('a');
  await q.get();
  q.done('a');
  assert.equal(q.len(), 0);
});

test('addAfter delivers after the delay, keeps the earliest time, and uses one timer', async () => {
  const { q, clock } = newQueue();
  for (let i = 0; i < 100; i++) q.addAfter(`k${i}`, 1000 + i);
  q.addAfter('k5', 10); // earlier: wins
  q.addAfter('k6', 5000); // later than existing: ignored
  assert.equal(clock.pendingTimers(), 1);
  clock.step(9);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  assert.equal(await q.get(), 'k5');
  clock.step(1000);
  assert.equal(q.len(), 10, 'k0..k10 except k5 are due at t=1010');
  clock.step(100);
  assert.equal(q.len(), 99);
  assert.equal(clock.pendingTimers(), 0);
});

test('addAfter with zero delay adds immediately', () => {
  const { q } = newQueue();
  q.addAfter('a', 0);
  assert.equal(q.len(), 1);
});

test('addRateLimited backs off exponentially per key and forget resets', () => {
  const { q, clock } = newQueue();
  q.addRateLimited('a'); // 1ms
  q.addRateLimited('a'); // 2ms (already waiting at 1ms: earlier kept)
  assert.equal(q.numRequeues('a'), 2);
  clock.step(1);
  assert.equal(q.len(), 1);
  q.forget('a');
  assert.equal(q.numRequeues('a'), 0);
});

test('shutDown wakes waiting workers with undefined, ignores adds, drains queued keys', async () => {
  const { q } = newQueue();
  const w = q.get();
  q.shutDown();
  assert.equal(await w, undefined);
  const { q: q2 } = newQueue();
  q2.add('x');
  q2.shutDown();
  q2.add('y');
  assert.equal(await q2.get(), 'x');
  assert.equal(await q2.get(), undefined);
});

test('waiting workers are served in arrival order', async () => {
  const { q } = newQueue();
  const got: string[] = [];
  const a = q.get().then((k) => got.push(`w1:${k}`));
  const b = q.get().then((k) => got.push(`w2:${k}`));
  q.add('k1');
  q.add('k2');
  await Promise.all([a, b]);
  assert.deepEqual(got, ['w1:k1', 'w2:k2']);
});
