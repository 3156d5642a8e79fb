// A DurableLog on its own thread: the main thread posts each batch of rows to a worker that owns
// the SQLite write connection (log-writer-worker.ts) and gets the answer once the batch is
// committed and fsynced. Posting copies the rows' strings; that is far cheaper than the commit,
// the fsync and the checkpoints it takes off the main thread (docs/adr/0007-log-writer-thread.md).

import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startModuleWorker } from '../util/module-worker.js';
import type { DurableLog, LogRow } from './durable-log.js';
import type { LogReply, LogRequest, LogWriterData } from './log-writer-worker.js';
import type { CheckpointerData } from './log-checkpointer-worker.js';

/** How long a blocking append or close waits for the writer before giving up. */
const BLOCKING_TIMEOUT_MS = 60_000;

export interface ThreadLogOptions {
  /**
   * Called after a commit (write and fsync, timed on the writer thread) that took at least
   * `slowCommitMs`: every write in it, and all queued behind it, waited that long for the disk.
   */
  onSlowCommit?: (ms: number, rows: number) => void;
  /** Default 100 ms, the threshold past which etcd warns that a request took too long. */
  slowCommitMs?: number;
}

export class ThreadLog implements DurableLog {
  private readonly worker: Worker;
  /** Runs the WAL checkpoints the writer asks for (log-checkpointer-worker.ts). */
  private readonly checkpointer: Worker;
  private readonly syncPort: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly inFlight = new Map<number, { rows: number; done: (err: Error | null) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  private closed = false;

  constructor(
    path: string,
    private readonly opts: ThreadLogOptions = {},
  ) {
    const { port1, port2 } = new MessageChannel();
    this.syncPort = port1;
    const toCheckpointer = new MessageChannel();
    const checkpointerClosed = new SharedArrayBuffer(4);
    const checkpointer: CheckpointerData = { path, port: toCheckpointer.port2, closed: checkpointerClosed };
    this.checkpointer = startModuleWorker(import.meta.url, 'log-checkpointer-worker', { ...checkpointer }, [toCheckpointer.port2]);
    this.checkpointer.unref();
    // Not fatal: without checkpoints the WAL grows until the writer checkpoints itself (its hard limit).
    this.checkpointer.on('error', () => undefined);
    const data: LogWriterData = { path, syncPort: port2, signal: this.signal.buffer as SharedArrayBuffer, checkpointer: toCheckpointer.port1, checkpointerClosed };
    this.worker = startModuleWorker(import.meta.url, 'log-writer-worker', { ...data }, [port2, toCheckpointer.port1]);
    this.worker.on('message', (r: LogReply) => this.answered(r));
    this.worker.on('error', (err) => this.die(err));
    this.worker.on('exit', (code) => this.die(new Error(`log writer thread exited (code ${code})`)));
    this.worker.unref(); // only writes in flight keep the process alive (see track)
  }

  append(rows: LogRow[], done: (err: Error | null) => void): void {
    if (this.dead) return void setImmediate(() => done(this.dead!));
    const id = this.nextId++;
    this.inFlight.set(id, { rows: rows.length, done });
    this.track();
    this.worker.postMessage({ id, rows } satisfies LogRequest);
  }

  appendNow(rows: LogRow[]): void {
    if (this.dead) throw this.dead;
    const reply = this.blocking({ id: this.nextId++, rows, blocking: true });
    if (reply.error !== null) throw new Error(reply.error);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Appends still in flight end when the writer gets to them; close queues behind them.
    if (!this.dead) this.blocking({ close: true });
    this.inFlight.clear();
    this.track();
  }

  /** Posts a request and waits (Atomics.wait) for its answer on the side channel. */
  private blocking(req: LogRequest): LogReply {
    const seen = Atomics.load(this.signal, 0);
    this.worker.postMessage(req);
    if (Atomics.wait(this.signal, 0, seen, BLOCKING_TIMEOUT_MS) === 'timed-out') throw new Error('log writer thread did not answer');
    const m = receiveMessageOnPort(this.syncPort);
    if (!m) throw new Error('log writer thread answered nothing');
    return m.message as LogReply;
  }

  private answered(r: LogReply): void {
    const append = this.inFlight.get(r.id);
    if (!append) return; // settled by a blocking append or close already
    this.inFlight.delete(r.id);
    this.track();
    if (r.ms !== undefined && r.ms >= (this.opts.slowCommitMs ?? 100)) this.opts.onSlowCommit?.(r.ms, append.rows);
    append.done(r.error === null ? null : new Error(r.error));
  }

  /** Keeps the process alive exactly while an append waits for its answer. */
  private track(): void {
    if (this.inFlight.size) this.worker.ref();
    else this.worker.unref();
  }

  private die(err: Error): void {
    if (this.dead || this.closed) return;
    this.dead = err;
    const waiting = [...this.inFlight.values()];
    this.inFlight.clear();
    this.track();
    for (const { done } of waiting) done(err);
  }
}
