// SQLite-backed Store (better-sqlite3, WAL). All objects are also held in memory: reads and LISTs
// never touch the disk, and SQLite is the durable log we reload on start. In memory, an object is
// its JSON, parsed only while something uses it (stored-entry.ts, docs/adr/0009-stored-objects-as-json.md).
//
// Group commit: writes arriving in the same turn of the event loop form one batch. The "latest"
// map is updated at once so later writes see earlier ones (optimistic concurrency stays exact);
// that map is for the write path only.
//
// Durability without blocking the event loop (docs/adr/0007-log-writer-thread.md): batches go to a
// log-writer thread that owns the SQLite write connection and commits them with synchronous=FULL
// (log-writer-thread.ts), one transaction for all batches that queued while the previous commit
// was on its way (write-pipeline.ts). Only a batch the writer has committed and fsynced is
// released: callers' promises resolve, its events go to the watch history and watchers, and the
// "published" view that GET, LIST and watches read moves forward, all in rv order. So nobody
// outside the write path ever sees a write (or a resourceVersion) that a crash could take back.
// A failed commit is fatal (onFatal, by default a crash).
import type { KubeObject } from '../apimachinery/types.js';
import { WatchHistory } from './watch-history.js';
import { deepFreeze, StoredEntry } from './stored-entry.js';
import { VersionIndex } from './version-index.js';
import { WritePipeline } from './write-pipeline.js';
import { InlineLog, openDatabase, readAll, type DurableLog, type LogRow } from './durable-log.js';
import { ThreadLog } from './log-writer-thread.js';
import {
  StoreConflictError,
  StoreExistsError,
  StoreNotFoundError,
  type Store,
  type StoreEvent,
  type StoredObject,
  type WatchSubscription,
} from './store.js';

interface PendingWrite {
  event: StoreEvent & { readonly object: StoredEntry; readonly prev?: StoredObject };
  resolve: (o: StoredObject) => void;
  reject: (e: Error) => void;
}

type Batch = PendingWrite[];

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:' for tests. */
  path: string;
  /** Events kept for watch resumption. */
  historySize?: number;
  /** Acknowledge only synced writes (default true; ':memory:' never is). */
  durable?: boolean;
  /** Where durable writes go (default: a log-writer thread on `path`). Tests inject one. */
  log?: DurableLog;
  /**
   * Called once when a durable write fails: memory is then ahead of disk and the store refuses
   * further writes. Default: rethrow on a fresh tick, crashing the process (restart reloads the disk).
   */
  onFatal?: (err: Error) => void;
  /** Told of each durable commit that made writes wait on a slow disk (see ThreadLogOptions). */
  onSlowCommit?: (ms: number, rows: number) => void;
  /** What counts as slow (default 100 ms, ThreadLogOptions.slowCommitMs). */
  slowCommitMs?: number;
}

const crash = (err: Error): void => {
  setImmediate(() => {
    throw err;
  });
};

export class SqliteStore implements Store {
  /** Every write applied, released or not: the write path's view (preconditions, next versions). */
  private readonly latest = new VersionIndex();
  /** Released (durable) writes only: what GET, LIST and watches see. */
  private readonly published = new VersionIndex();
  private readonly watchers = new Map<string, Set<(e: StoreEvent) => void>>();
  private readonly history: WatchHistory;
  private rv = 0;
  private lastPublishedRv = 0;
  private pending: Batch = [];
  private flushScheduled = false;
  /** Versions released this turn, whose parsed form goes once their readers have had it. */
  private released: StoredEntry[] = [];
  private compactionScheduled = false;
  /** Undefined when writes are released right after an inline commit (memory stores, durable: false). */
  private readonly pipeline: WritePipeline<Batch> | undefined;
  private readonly log: DurableLog;
  private fatal: Error | undefined;
  private closed = false;
  private readonly onFatal: (err: Error) => void;

  constructor(opts: SqliteStoreOptions) {
    const { db, wal } = openDatabase(opts.path);
    const durable = opts.durable !== false && opts.path !== ':memory:';
    this.load(db);
    this.lastPublishedRv = this.rv;
    this.history = new WatchHistory(opts.historySize ?? 50_000, this.rv);
    this.onFatal = opts.onFatal ?? crash;
    if (!durable) {
      // Nothing to wait for: commit on this connection (NORMAL: no fsync), release at once.
      db.pragma(`synchronous = ${wal ? 'NORMAL' : 'FULL'}`);
      this.log = opts.log ?? new InlineLog(db);
      if (opts.log) db.close();
      return;
    }
    // The writer thread opens its own connection; this one only had to read the table.
    db.close();
    this.log = opts.log ?? new ThreadLog(opts.path, { onSlowCommit: opts.onSlowCommit, slowCommitMs: opts.slowCommitMs });
    const log = this.log;
    this.pipeline = new WritePipeline<Batch>(
      {
        persist: (batches, done) => log.append(rowsOf(batches), done),
        persistNow: (batches) => log.appendNow(rowsOf(batches)),
      },
      { released: (b) => this.release(b), failed: (err, bs) => this.fail(err, bs) },
    );
  }

  private load(db: ReturnType<typeof openDatabase>['db']): void {
    const { rv, rows } = readAll(db);
    this.rv = rv;
    for (const r of rows) {
      const entry = new StoredEntry({ resource: r.resource, namespace: r.namespace, name: r.name, rv: r.rv, json: r.data });
      this.latest.set(entry);
      this.published.set(entry);
      if (r.rv > this.rv) this.rv = r.rv;
    }
  }

  currentRv(): number {
    return this.rv;
  }

  publishedRv(): number {
    return this.lastPublishedRv;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.latest.get(resource, namespace, name);
  }

  list(resource: string, namespace?: string): StoredObject[] {
    return this.latest.list(resource, namespace);
  }

  getPublished(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.published.get(resource, namespace, name);
  }

  listPublished(resource: string, namespace?: string): StoredObject[] {
    return this.published.list(resource, namespace);
  }

  count(resource: string): number {
    return this.latest.count(resource);
  }

  create(resource: string, obj: KubeObject): Promise<StoredObject> {
    const { namespace, name } = identity(obj);
    if (this.get(resource, namespace, name)) return Promise.reject(new StoreExistsError(name));
    return this.write('ADDED', resource, obj);
  }

  update(resource: string, obj: KubeObject, expectedRv?: number): Promise<StoredObject> {
    const { namespace, name } = identity(obj);
    const cur = this.get(resource, namespace, name);
    if (!cur) return Promise.reject(new StoreNotFoundError(name));
    if (expectedRv !== undefined && cur.rv !== expectedRv) return Promise.reject(new StoreConflictError(name));
    return this.write('MODIFIED', resource, obj, cur);
  }

  delete(resource: string, namespace: string, name: string, expectedRv?: number): Promise<StoredObject> {
    const cur = this.get(resource, namespace, name);
    if (!cur) return Promise.reject(new StoreNotFoundError(name));
    if (expectedRv !== undefined && cur.rv !== expectedRv) return Promise.reject(new StoreConflictError(name));
    return this.write('DELETED', resource, cur.obj as KubeObject, cur);
  }

  /** Assigns the next rv, updates the latest view now, and queues the durable write. */
  private write(type: StoreEvent['type'], resource: string, obj: KubeObject, prev?: StoredObject): Promise<StoredObject> {
    if (this.fatal) return Promise.reject(this.fatal);
    const rv = ++this.rv;
    const { namespace, name } = identity(obj);
    const stamped = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    const json = JSON.stringify(stamped);
    const stored = new StoredEntry({ resource, namespace, name, rv, json, obj: deepFreeze(stamped) });
    apply(this.latest, type, stored);
    return new Promise((resolve, reject) => {
      this.pending.push({ event: { type, rv, object: stored, prev }, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Hands this turn's writes to the pipeline (durable) or commits them here and releases them. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (this.fatal) return rejectAll(batch, this.fatal);
    if (this.pipeline) return this.pipeline.queue(batch);
    try {
      this.log.appendNow(rowsOf([batch]));
    } catch (err) {
      return this.fail(err as Error, [batch]);
    }
    this.release(batch);
  }

  /** The batch is durable: publish its events in rv order, then answer its callers. */
  private release(batch: Batch): void {
    for (const p of batch) {
      const e = p.event;
      apply(this.published, e.type, e.object);
      this.lastPublishedRv = e.rv;
      this.history.append(e);
      this.publish(e);
      p.resolve(e.object);
      // Live watchers have classified the event: the superseded version now lives on only in the
      // history, as JSON.
      if (e.prev instanceof StoredEntry) e.prev.compact();
      this.released.push(e.object);
    }
    this.scheduleCompaction();
  }

  /**
   * Drops the parsed form of released versions once the callers and in-process watchers that
   * were handed them have run (their promise continuations and the watch deliveries are
   * microtasks of this same turn): a stored object nobody reads is held as its JSON only.
   */
  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    setImmediate(() => {
      this.compactionScheduled = false;
      for (const o of this.released) o.compact();
      this.released = [];
    });
  }

  /** Memory is ahead of disk and may stay so: refuse every write from now on and stop. */
  private fail(err: Error, batches: Batch[]): void {
    for (const b of batches) rejectAll(b, err);
    // Writes not yet committed (queued behind the failed sync) will never be.
    rejectAll(this.pending, err);
    this.pending = [];
    if (this.fatal) return;
    this.fatal = err;
    this.onFatal(err);
  }

  private publish(e: StoreEvent): void {
    const ws = this.watchers.get(e.object.resource);
    if (!ws) return;
    for (const w of ws) w(e);
  }

  watch(resource: string, fromRv: number, onEvent: (e: StoreEvent) => void): WatchSubscription {
    const replay = this.history.since(fromRv, resource); // throws StoreExpiredError
    let set = this.watchers.get(resource);
    if (!set) {
      set = new Set();
      this.watchers.set(resource, set);
    }
    const lastReplayed = replay.length ? replay[replay.length - 1].rv : fromRv;
    const fn = (e: StoreEvent): void => {
      if (e.rv > lastReplayed) onEvent(e);
    };
    set.add(fn);
    for (const e of replay) onEvent(e);
    return { close: () => set.delete(fn) };
  }

  /** Persists what is queued (blocking), releases it, and closes the log. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.pipeline?.drain();
    this.log.close();
    this.closed = true;
    this.fatal ??= new Error('the store is closed');
  }
}

/** The rows that carry these batches to disk, in rv order. */
function rowsOf(batches: Batch[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const batch of batches) {
    for (const { event } of batch) {
      const o = event.object;
      rows.push({ resource: o.resource, namespace: o.namespace, name: o.name, rv: o.rv, json: event.type === 'DELETED' ? undefined : o.json });
    }
  }
  return rows;
}

function apply(index: VersionIndex, type: StoreEvent['type'], o: StoredEntry): void {
  if (type === 'DELETED') index.delete(o);
  else index.set(o);
}

function rejectAll(batch: Batch, err: Error): void {
  for (const p of batch) p.reject(err);
}

function identity(obj: KubeObject): { namespace: string; name: string } {
  return { namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

