// The log-writer thread's side (started by log-writer-thread.ts): owns the write connection, runs
// each batch in one transaction with synchronous=FULL (the WAL is fsynced inside the commit), and
// answers. Checkpoints are not run inside commits (wal_autocheckpoint off): as the WAL grows this
// thread asks the checkpointer thread for one, so a commit, and the acknowledgements waiting on
// it, never waits for a checkpoint (docs/adr/0007-log-writer-thread.md).

import { closeSync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { InlineLog, openDatabase, type LogRow } from './durable-log.js';

export interface LogWriterData {
  path: string;
  /** To the checkpointer thread (log-checkpointer-worker.ts). */
  checkpointer: MessagePort;
  /** The checkpointer sets it once its connection is closed (CheckpointerData.closed). */
  checkpointerClosed: SharedArrayBuffer;
  /** Blocking requests are answered here, then `signal[0]` is bumped and notified. */
  syncPort: MessagePort;
  signal: SharedArrayBuffer;
}

export type LogRequest = { id: number; rows: LogRow[]; blocking?: boolean } | { close: true };
/** `ms`: how long the commit (write and fsync) took on this thread. */
export type LogReply = { id: number; error: string | null; ms?: number };

const data = workerData as LogWriterData;
const { db } = openDatabase(data.path);
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
// The new WAL's directory entry must be durable too; SQLite would sync the directory only once the
// WAL is first synced, and does not on every filesystem.
syncDirectory(dirname(data.path));
const log = new InlineLog(db);
const signal = new Int32Array(data.signal);
/**
 * Ask for a checkpoint after this much was committed since the last request (about SQLite's
 * default of 1000 WAL pages; the WAL file's size cannot tell, it keeps its high-water mark when it
 * restarts), and when the writer has been idle a moment, so the WAL restarts while nothing waits.
 */
const CHECKPOINT_EVERY_BYTES = 2 * 1024 * 1024;
const CHECKPOINT_WHEN_IDLE_MS = 50;
/** How long close waits for the checkpointer to close its connection (a checkpoint may be running). */
const CHECKPOINTER_CLOSE_TIMEOUT_MS = 5000;
/** Past this the checkpointer is not keeping up (or a reader pins the WAL): checkpoint here, in the commit path. */
const WAL_HARD_LIMIT_BYTES = 256 * 1024 * 1024;
let committedSinceRequest = 0;
let idleTimer: NodeJS.Timeout | undefined;
/**
 * A WAL restarts only when a write transaction begins after a checkpoint copied every frame; one
 * that began while the checkpointer was finishing keeps appending. If the checkpointer reports a
 * WAL this long, restarts are being missed: checkpoint once here, between two commits, where the
 * next commit is sure to restart it.
 */
const RESTART_MISSED_FRAMES = 4096;
let checkpointHere = false;
data.checkpointer.on('message', (walFrames: number) => {
  if (walFrames >= RESTART_MISSED_FRAMES) checkpointHere = true;
});

function requestCheckpoint(): void {
  committedSinceRequest = 0;
  data.checkpointer.postMessage('checkpoint');
}

/** After a commit: keep the WAL bounded without making this commit's callers wait for it. */
function maybeCheckpoint(rows: LogRow[]): void {
  for (const r of rows) committedSinceRequest += 200 + (r.json?.length ?? 0);
  if (checkpointHere) {
    checkpointHere = false;
    checkpointHereNow('PASSIVE');
  }
  if (committedSinceRequest >= CHECKPOINT_EVERY_BYTES) {
    if (walSize() >= WAL_HARD_LIMIT_BYTES) checkpointHereNow('RESTART');
    requestCheckpoint();
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => committedSinceRequest > 0 && requestCheckpoint(), CHECKPOINT_WHEN_IDLE_MS);
  idleTimer.unref();
}

/** A checkpoint that fails (busy, I/O) is not a failed commit: the WAL keeps everything, and we try again later. */
function checkpointHereNow(mode: 'PASSIVE' | 'RESTART'): void {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch {
    /* the next request or the hard limit tries again */
  }
}

function walSize(): number {
  try {
    return statSync(`${data.path}-wal`).size;
  } catch {
    return 0;
  }
}

/** The first failure is final (see write-pipeline.ts): later batches are refused, never written. */
let failure: string | null = null;

function handle(m: LogRequest): void {
  if ('close' in m) {
    clearTimeout(idleTimer);
    data.checkpointer.postMessage('close');
    // Close after the checkpointer: the last connection to close checkpoints and removes the WAL,
    // so the files are settled when close() returns (a checkpoint still running ends first).
    Atomics.wait(new Int32Array(data.checkpointerClosed), 0, 0, CHECKPOINTER_CLOSE_TIMEOUT_MS);
    log.close();
    answerBlocking({ id: -1, error: null });
    parentPort!.close();
    return;
  }
  let error = failure;
  const started = performance.now();
  try {
    if (!error) log.appendNow(m.rows);
  } catch (e) {
    error = failure = (e as Error).message ?? String(e);
  }
  if (m.blocking) answerBlocking({ id: m.id, error });
  else parentPort!.postMessage({ id: m.id, error, ms: performance.now() - started } satisfies LogReply);
  if (!error) maybeCheckpoint(m.rows);
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
