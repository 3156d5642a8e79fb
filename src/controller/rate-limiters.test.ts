import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, ItemFastSlowRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from './rate-limiters.js';
import { FakeClock } from './clock.js';

test('per-item exponential: 5ms doubling, capped, per key', () => {
  const l = new ItemExponentialFailureRateLimiter(5, 1000_000);
  assert.deepEqual([l.when('a'), l.when('a'), l.when('a'), l.when('b')], [5, 10, 20, 5]);
  assert.equal(l.numRequeues('a'), 3);
  l.forget('a');
  assert.equal(l.when('a'), 5);
  for (let i = 0; i < 100; i++) l.when('c');
  assert.equal(l.when('c'), 1000_000);
});

test('bucket: burst free, then 1/qps spacing, refilled by the clock', () => {
  const clock = new FakeClock();
  const l = new BucketRateLimiter(10, 2, clock);
  assert.deepEqual([l.when('x'), l.when('x'), l.when('x'), l.when('x')], [0, 0, 100, 200]);
  clock.step(1000); // 10 tokens refilled but capped at burst 2 (from -2)
  assert.equal(l.when('x'), 0);
});

test('fast/slow switches after maxFastAttempts', () => {
  const l = new ItemFastSlowRateLimiter(1, 100, 2);
  assert.deepEqual([l.when('a'), l.when('a'), l.when('a')], [1, 1, 100]);
});

test('max-of takes the longest delay and forgets everywhere', () => {
  const clock = new FakeClock();
  const l = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(5, 1000), new BucketRateLimiter(1, 1, clock));
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 1000); // bucket empty: 1s > 10ms
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
});

test('default controller limiter starts at 5ms', () => {
  assert.equal(defaultControllerRateLimiter(new FakeClock()).when('k'), 5);
});
