// Test double for WalSyncer: syncs complete (or fail) only when a test says so, so tests can
// pin down what is released when. Used by the store's and the API server's tests.

import type { WalSyncer } from './wal-sync.js';

/** A syncer whose syncs complete only when the test says so. */
export class HeldSyncer implements WalSyncer {
  readonly calls: ((err: Error | null) => void)[] = [];
  syncNowCalls = 0;
  syncNowError: Error | undefined;
  closed = false;
  sync(done: (err: Error | null) => void): void {
    this.calls.push(done);
  }
  syncNow(): void {
    this.syncNowCalls++;
    if (this.syncNowError) throw this.syncNowError;
  }
  close(): void {
    this.closed = true;
  }
  /** Completes the oldest outstanding sync. */
  complete(err: Error | null = null): void {
    const done = this.calls.shift();
    if (!done) throw new Error('no sync in flight');
    done(err);
  }
}
