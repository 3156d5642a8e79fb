import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncPipeline } from './sync-pipeline.js';
import { HeldSyncer } from './held-syncer.js';

function rig() {
  const syncer = new HeldSyncer();
  const log: string[] = [];
  const p = new SyncPipeline<string>(syncer, {
    released: (b) => log.push(`released ${b}`),
    failed: (err, bs) => log.push(`failed ${bs.join(',')}: ${err.message}`),
  });
  return { syncer, log, p };
}

test('a batch is released only by a sync that started after its commit, and batches are released in commit order', () => {
  const { syncer, log, p } = rig();
  p.committed('b1');
  assert.equal(syncer.calls.length, 1, 'a sync starts at once');
  p.committed('b2');
  p.committed('b3');
  assert.equal(syncer.calls.length, 1, 'one sync in flight at a time');
  assert.deepEqual(log, [], 'nothing released before its sync');
  syncer.complete();
  assert.deepEqual(log, ['released b1'], 'b2 and b3 were committed after the first sync began');
  assert.equal(syncer.calls.length, 1, 'the next sync starts as soon as the first ends, covering both');
  assert.equal(p.unreleased, 2);
  syncer.complete();
  assert.deepEqual(log, ['released b1', 'released b2', 'released b3']);
  assert.equal(syncer.calls.length, 0, 'idle: no sync without a commit');
});

test('a failed sync fails every unreleased batch, and every later one, without syncing again', () => {
  const { syncer, log, p } = rig();
  p.committed('b1');
  p.committed('b2');
  syncer.complete(new Error('EIO'));
  assert.deepEqual(log, ['failed b1,b2: EIO'], 'b1 (covered) and b2 (committed meanwhile) both');
  p.committed('b3');
  assert.deepEqual(log.at(-1), 'failed b3: EIO');
  assert.equal(syncer.calls.length, 0, 'no retry: after a failed fsync the page cache state is unknown');
});

test('drain syncs once, blocking, and releases in order what was committed, including a sync in flight', () => {
  const { syncer, log, p } = rig();
  p.committed('b1');
  p.committed('b2');
  p.drain();
  assert.equal(syncer.syncNowCalls, 1);
  assert.deepEqual(log, ['released b1', 'released b2']);
  syncer.complete();
  assert.deepEqual(log, ['released b1', 'released b2'], 'the late callback of the in-flight sync releases nothing twice');
  p.drain();
  assert.equal(syncer.syncNowCalls, 1, 'nothing left: no sync');
});

test('a failed blocking sync at drain fails what it covered', () => {
  const { syncer, log, p } = rig();
  p.committed('b1');
  syncer.syncNowError = new Error('ENOSPC');
  p.drain();
  assert.deepEqual(log, ['failed b1: ENOSPC']);
});
