import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRow } from './durable-log.js';
import { ThreadLog } from './log-writer-thread.js';

const row = (name: string, rv: number): LogRow => ({ resource: 'configmaps', namespace: 'ns', name, rv, json: `{"metadata":{"name":"${name}"}}` });
const append = (log: ThreadLog, rows: LogRow[]) => new Promise<void>((resolve, reject) => log.append(rows, (err) => (err ? reject(err) : resolve())));

test('a commit that took at least slowCommitMs is reported with its duration (timed on the writer thread) and its size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thread-log-test-'));
  const slow: { ms: number; rows: number }[] = [];
  const log = new ThreadLog(join(dir, 'db'), { slowCommitMs: 0, onSlowCommit: (ms, rows) => slow.push({ ms, rows }) });
  try {
    await append(log, [row('a', 1), row('b', 2), row('c', 3)]);
    await append(log, [row('d', 4)]);
    assert.deepEqual(
      slow.map((s) => s.rows),
      [3, 1],
    );
    for (const s of slow) assert.ok(s.ms >= 0 && s.ms < 60_000, `a duration in ms: ${s.ms}`);
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('commits under the threshold are not reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thread-log-test-'));
  const slow: number[] = [];
  const log = new ThreadLog(join(dir, 'db'), { slowCommitMs: 60_000, onSlowCommit: (ms) => slow.push(ms) });
  try {
    await append(log, [row('a', 1)]);
    assert.deepEqual(slow, []);
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
