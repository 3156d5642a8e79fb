// Orders acknowledgements behind log syncs. Committed batches queue here; at most one sync is in
// flight, and it covers every batch committed before it started. When it succeeds, those batches
// are released oldest first; batches committed meanwhile wait for the next sync, which starts at
// once (so under load one fdatasync covers many commits). A later batch is therefore never
// released before an earlier one, and never before a sync that began after its commit.
//
// A failed sync is final (as in etcd, and PostgreSQL since "fsyncgate"): after a failed fsync the
// kernel may have dropped the dirty pages and cleared the error, so a retry could "succeed" without
// the data being on disk. Every batch not yet released is handed to `failed`, and so is any
// batch committed afterwards.

import type { WalSyncer } from './wal-sync.js';

export interface SyncPipelineHooks<T> {
  /** The batch is durable: acknowledge it and publish its events. Called in commit order. */
  released(batch: T): void;
  /** A sync ended and its batches were released: a good moment to commit what queued up meanwhile. */
  synced?(): void;
  /** Durability of these batches is unknown and will stay so; called once per failure, oldest first. */
  failed(err: Error, batches: T[]): void;
}

export class SyncPipeline<T> {
  private waiting: T[] = [];
  private inFlight: T[] | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly syncer: WalSyncer,
    private readonly hooks: SyncPipelineHooks<T>,
  ) {}

  /** Batches committed but not yet released. */
  get unreleased(): number {
    return this.waiting.length + (this.inFlight?.length ?? 0);
  }

  /** A sync is in flight. */
  get syncing(): boolean {
    return this.inFlight !== undefined;
  }

  /** A batch was committed to the log (written, not yet synced). */
  committed(batch: T): void {
    if (this.failure) return this.hooks.failed(this.failure, [batch]);
    this.waiting.push(batch);
    this.start();
  }

  private start(): void {
    if (this.inFlight || this.waiting.length === 0 || this.failure) return;
    const covered = this.waiting;
    this.waiting = [];
    this.inFlight = covered;
    this.syncer.sync((err) => this.synced(covered, err));
  }

  private synced(covered: T[], err: Error | null): void {
    // drain() settled these already (shutdown); this late callback has nothing left to do.
    if (this.inFlight !== covered) return;
    this.inFlight = undefined;
    if (err) return this.fail(err, covered);
    for (const b of covered) this.hooks.released(b);
    this.hooks.synced?.();
    this.start();
  }

  private fail(err: Error, first: T[]): void {
    this.failure = err;
    const all = [...first, ...this.waiting];
    this.waiting = [];
    this.hooks.failed(err, all);
  }

  /**
   * Shutdown: one blocking sync covering everything committed (including a sync still in flight,
   * whose callback is then ignored), and the batches released in order.
   */
  drain(): void {
    const all = [...(this.inFlight ?? []), ...this.waiting];
    this.inFlight = undefined;
    this.waiting = [];
    if (all.length === 0 || this.failure) return;
    try {
      this.syncer.syncNow();
    } catch (err) {
      this.waiting = all;
      return this.fail(err as Error, []);
    }
    for (const b of all) this.hooks.released(b);
  }
}
