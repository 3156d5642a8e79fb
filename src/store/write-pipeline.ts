// Orders acknowledgements behind durable writes. Batches (one per event-loop turn of writes) queue
// here; at most one persist is in flight, and when it ends every batch that queued meanwhile goes
// to disk together in the next one, which starts at once: under load one commit and one fsync
// cover many turns (group commit). Batches are released strictly in the order they were queued,
// and only once the persist that carried them succeeded.
//
// A failure is final (as in etcd, and PostgreSQL since "fsyncgate"): after a failed fsync the
// kernel may have dropped the dirty pages and cleared the error, so a retry could "succeed" without
// the data being on disk. Every batch not yet released is handed to `failed`, and so is any batch
// queued afterwards.

/** Makes batches durable, in the order asked (the store's DurableLog, adapted to its batches). */
export interface Persister<T> {
  /** Persists these batches as one unit; `done` once, with the error if it failed. */
  persist(batches: T[], done: (err: Error | null) => void): void;
  /** The same, blocking, after every persist already started. Throws if it failed. */
  persistNow(batches: T[]): void;
}

export interface WritePipelineHooks<T> {
  /** The batch is durable: acknowledge it and publish its events. Called in queue order. */
  released(batch: T): void;
  /** Durability of these batches is unknown and will stay so; called once per failure, oldest first. */
  failed(err: Error, batches: T[]): void;
}

export class WritePipeline<T> {
  private waiting: T[] = [];
  private inFlight: T[] | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly persister: Persister<T>,
    private readonly hooks: WritePipelineHooks<T>,
  ) {}

  /** Batches queued but not yet released. */
  get unreleased(): number {
    return this.waiting.length + (this.inFlight?.length ?? 0);
  }

  /** A batch of writes is ready to go to disk. */
  queue(batch: T): void {
    if (this.failure) return this.hooks.failed(this.failure, [batch]);
    this.waiting.push(batch);
    this.start();
  }

  private start(): void {
    if (this.inFlight || this.waiting.length === 0 || this.failure) return;
    const covered = this.waiting;
    this.waiting = [];
    this.inFlight = covered;
    this.persister.persist(covered, (err) => this.persisted(covered, err));
  }

  private persisted(covered: T[], err: Error | null): void {
    // drain() settled these already (shutdown); this late callback has nothing left to do.
    if (this.inFlight !== covered) return;
    this.inFlight = undefined;
    if (err) return this.fail(err, covered);
    for (const b of covered) this.hooks.released(b);
    this.start();
  }

  private fail(err: Error, first: T[]): void {
    this.failure = err;
    const all = [...first, ...this.waiting];
    this.waiting = [];
    this.hooks.failed(err, all);
  }

  /**
   * Shutdown: persists what is waiting, blocking (behind a persist still in flight, whose callback
   * is then ignored), and releases everything in order.
   */
  drain(): void {
    const all = [...(this.inFlight ?? []), ...this.waiting];
    const rest = this.waiting;
    this.inFlight = undefined;
    this.waiting = [];
    if (all.length === 0 || this.failure) return;
    try {
      this.persister.persistNow(rest);
    } catch (err) {
      this.waiting = all;
      return this.fail(err as Error, []);
    }
    for (const b of all) this.hooks.released(b);
  }
}
