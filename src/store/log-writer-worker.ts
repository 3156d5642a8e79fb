// The log-writer thread's side (started by log-writer-thread.ts): owns the write connection, runs
// each batch in one transaction with synchronous=FULL (the WAL is fsynced inside the commit), and
// answers. SQLite's automatic checkpoints run here too, so neither commits, fsyncs nor checkpoints
// ever hold the main thread (docs/adr/0007-log-writer-thread.md).

import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { InlineLog, openDatabase, type LogRow } from './durable-log.js';

export interface LogWriterData {
  path: string;
  /** Blocking requests are answered here, then `signal[0]` is bumped and notified. */
  syncPort: MessagePort;
  signal: SharedArrayBuffer;
}

export type LogRequest = { id: number; rows: LogRow[]; blocking?: boolean } | { close: true };
export type LogReply = { id: number; error: string | null };

const data = workerData as LogWriterData;
const { db } = openDatabase(data.path);
db.pragma('synchronous = FULL');
// The new WAL's directory entry must be durable too; SQLite would sync the directory only once the
// WAL is first synced, and does not on every filesystem.
syncDirectory(dirname(data.path));
const log = new InlineLog(db);
const signal = new Int32Array(data.signal);
/** The first failure is final (see write-pipeline.ts): later batches are refused, never written. */
let failure: string | null = null;

function handle(m: LogRequest): void {
  if ('close' in m) {
    log.close();
    answerBlocking({ id: -1, error: null });
    parentPort!.close();
    return;
  }
  let error = failure;
  try {
    if (!error) log.appendNow(m.rows);
  } catch (e) {
    error = failure = (e as Error).message ?? String(e);
  }
  if (m.blocking) answerBlocking({ id: m.id, error });
  else parentPort!.postMessage({ id: m.id, error } satisfies LogReply);
}

function answerBlocking(reply: LogReply): void {
  data.syncPort.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Requests sent before this thread was up waited in the port; they arrive now, in order.
parentPort!.on('message', handle);
