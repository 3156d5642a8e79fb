import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WritePipeline, type Persister } from './write-pipeline.js';

/** A persister whose persists complete only when the test says so. */
class HeldPersister implements Persister<string> {
  readonly calls: { batches: string[]; done: (err: Error | null) => void }[] = [];
  readonly now: string[][] = [];
  nowError: Error | undefined;
  persist(batches: string[], done: (err: Error | null) => void): void {
    this.calls.push({ batches, done });
  }
  persistNow(batches: string[]): void {
    if (this.nowError) throw this.nowError;
    this.now.push(batches);
  }
  complete(err: Error | null = null): void {
    this.calls.shift()!.done(err);
  }
}

function rig() {
  const persister = new HeldPersister();
  const log: string[] = [];
  const p = new WritePipeline<string>(persister, {
    released: (b) => log.push(`released ${b}`),
    failed: (err, bs) => log.push(`failed ${bs.join(',')}: ${err.message}`),
  });
  return { persister, log, p };
}

test('one persist at a time; what queued meanwhile goes in the next one; release in queue order', () => {
  const { persister, log, p } = rig();
  p.queue('b1');
  assert.deepEqual(persister.calls.map((c) => c.batches), [['b1']], 'a persist starts at once');
  p.queue('b2');
  p.queue('b3');
  assert.equal(persister.calls.length, 1, 'one persist in flight at a time');
  assert.deepEqual(log, [], 'nothing released before it is durable');
  persister.complete();
  assert.deepEqual(log, ['released b1']);
  assert.deepEqual(persister.calls.map((c) => c.batches), [['b2', 'b3']], 'the next persist carries both, at once');
  assert.equal(p.unreleased, 2);
  persister.complete();
  assert.deepEqual(log, ['released b1', 'released b2', 'released b3']);
  assert.equal(persister.calls.length, 0, 'idle: no persist without a batch');
});

test('a failed persist fails every unreleased batch, and every later one, without trying again', () => {
  const { persister, log, p } = rig();
  p.queue('b1');
  p.queue('b2');
  persister.complete(new Error('EIO'));
  assert.deepEqual(log, ['failed b1,b2: EIO'], 'b1 (in flight) and b2 (queued meanwhile) both');
  p.queue('b3');
  assert.deepEqual(log.at(-1), 'failed b3: EIO');
  assert.equal(persister.calls.length, 0, 'no retry: after a failed fsync the page cache state is unknown');
});

test('drain persists what waits, blocking, and releases in order everything, including the persist in flight', () => {
  const { persister, log, p } = rig();
  p.queue('b1');
  p.queue('b2');
  p.drain();
  assert.deepEqual(persister.now, [['b2']], 'b1 is already on its way; the log keeps order');
  assert.deepEqual(log, ['released b1', 'released b2']);
  persister.complete();
  assert.deepEqual(log, ['released b1', 'released b2'], 'the late callback of the in-flight persist releases nothing twice');
  p.drain();
  assert.equal(persister.now.length, 1, 'nothing left: no persist');
});

test('a failed blocking persist at drain fails what it covered', () => {
  const { persister, log, p } = rig();
  p.queue('b1');
  persister.nowError = new Error('ENOSPC');
  p.drain();
  assert.deepEqual(log, ['failed b1: ENOSPC']);
});
