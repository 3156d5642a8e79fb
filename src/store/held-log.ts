// Test double for DurableLog: appends reach the disk (through an InlineLog on their own connection)
// and are answered only when a test says so, so tests can pin down what is released when. Used by
// the store's and the API server's tests.

import { InlineLog, openDatabase, type DurableLog, type LogRow } from './durable-log.js';

export class HeldLog implements DurableLog {
  readonly calls: { rows: LogRow[]; done: (err: Error | null) => void }[] = [];
  appendNowCalls = 0;
  appendNowError: Error | undefined;
  closed = false;
  private readonly inner: InlineLog | undefined;

  /** With a path, completed appends are written to that database file; without, they go nowhere. */
  constructor(path?: string) {
    this.inner = path ? new InlineLog(openDatabase(path).db) : undefined;
  }

  append(rows: LogRow[], done: (err: Error | null) => void): void {
    this.calls.push({ rows, done });
  }

  appendNow(rows: LogRow[]): void {
    this.appendNowCalls++;
    if (this.appendNowError) throw this.appendNowError;
    // Everything appended before is written first, as the real log would have.
    for (const c of this.calls.splice(0)) this.inner?.appendNow(c.rows);
    this.inner?.appendNow(rows);
  }

  close(): void {
    this.closed = true;
    this.inner?.close();
  }

  /** Completes the oldest outstanding append (writing it unless it fails). */
  complete(err: Error | null = null): void {
    const c = this.calls.shift();
    if (!c) throw new Error('no append in flight');
    if (!err) this.inner?.appendNow(c.rows);
    c.done(err);
  }
}
