// SQLite-backed Store (better-sqlite3, WAL). All objects are also held in memory: reads and LISTs
// never touch the disk, and SQLite is the durable log we reload on start.
//
// Group commit: writes arriving in the same turn of the event loop are committed in one SQLite
// transaction. The "latest" map is updated at once so later writes in the same batch see earlier
// ones (optimistic concurrency stays exact); that map is for the write path only.
//
// Durability without blocking the event loop (docs/adr/0006-pipelined-wal-sync.md): SQLite runs
// with synchronous=NORMAL, so a commit only write()s the WAL; an fdatasync of the WAL on libuv's
// thread pool (wal-sync.ts) then makes it durable, and only a completed sync that began after a
// batch's commit releases that batch (sync-pipeline.ts): callers' promises resolve, its events go
// to the watch history and watchers, and the "published" view that GET, LIST and watches read
// moves forward, all in commit order. So nobody outside the write path ever sees a write (or a
// resourceVersion) that a crash could take back. SQLite syncs the WAL itself before each
// checkpoint and the database file after it, which is what makes a WAL restart safe while one of
// our syncs is in flight. A failed commit or sync is fatal (onFatal, by default a crash).
import Database from 'better-sqlite3';
import type { KubeObject } from '../apimachinery/types.js';
import { WatchHistory } from './watch-history.js';
import { deepFreeze, StoredEntry } from './stored-entry.js';
import { SyncPipeline } from './sync-pipeline.js';
import { WalFile, type WalSyncer } from './wal-sync.js';
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
  /** How the WAL is synced (default: fdatasync of `<path>-wal` on the thread pool). Tests inject one. */
  walSyncer?: WalSyncer;
  /**
   * Called once when a commit or sync fails: memory is then ahead of disk and the store refuses
   * further writes. Default: rethrow on a fresh tick, crashing the process (restart reloads the disk).
   */
  onFatal?: (err: Error) => void;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

type Buckets = Map<string, Map<string, StoredEntry>>;

const crash = (err: Error): void => {
  setImmediate(() => {
    throw err;
  });
};

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  /** Every write applied, released or not: the write path's view (preconditions, next versions). */
  private readonly latest: Buckets = new Map();
  /** Released (durable) writes only: what GET, LIST and watches see. */
  private readonly published: Buckets = new Map();
  private readonly watchers = new Map<string, Set<(e: StoreEvent) => void>>();
  private readonly history: WatchHistory;
  private rv = 0;
  private lastPublishedRv = 0;
  private pending: Batch = [];
  private flushScheduled = false;
  /** Undefined when writes are released right after their commit (not durable, or SQLite syncs inline). */
  private readonly pipeline: SyncPipeline<Batch> | undefined;
  private readonly syncer: WalSyncer | undefined;
  private fatal: Error | undefined;
  private readonly onFatal: (err: Error) => void;
  private readonly stmts: {
    put: Database.Statement;
    del: Database.Statement;
    setRv: Database.Statement;
  };

  constructor(opts: SqliteStoreOptions) {
    this.db = new Database(opts.path);
    // journal_mode first, while synchronous is still FULL: the switch to WAL rewrites the header.
    const wal = this.db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    const durable = opts.durable !== false && opts.path !== ':memory:';
    // NORMAL in WAL mode: no sync inside a commit; before and after checkpoints only. Without WAL
    // (a filesystem that cannot do it), FULL keeps commits durable the plain way.
    this.db.pragma(`synchronous = ${durable && !wal ? 'FULL' : 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (
        resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
    this.stmts = {
      put: this.db.prepare('INSERT OR REPLACE INTO objects (resource, namespace, name, rv, data) VALUES (?, ?, ?, ?, ?)'),
      del: this.db.prepare('DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?'),
      setRv: this.db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('rv', ?)"),
    };
    this.load();
    this.lastPublishedRv = this.rv;
    this.history = new WatchHistory(opts.historySize ?? 50_000, this.rv);
    this.onFatal = opts.onFatal ?? crash;
    if (durable && wal) {
      this.syncer = opts.walSyncer ?? openWal(`${opts.path}-wal`);
      this.pipeline = new SyncPipeline<Batch>(this.syncer, {
        released: (b) => this.release(b),
        failed: (err, bs) => this.fail(err, bs),
        synced: () => this.flush(),
      });
    }
  }

  private load(): void {
    const row = this.db.prepare("SELECT v FROM meta WHERE k = 'rv'").get() as { v: string } | undefined;
    this.rv = row ? Number(row.v) : 0;
    const rows = this.db.prepare('SELECT resource, namespace, name, rv, data FROM objects').iterate() as Iterable<{
      resource: string;
      namespace: string;
      name: string;
      rv: number;
      data: string;
    }>;
    for (const r of rows) {
      const entry = new StoredEntry({ resource: r.resource, namespace: r.namespace, name: r.name, rv: r.rv, json: r.data });
      const key = keyOf(r.namespace, r.name);
      bucket(this.latest, r.resource).set(key, entry);
      bucket(this.published, r.resource).set(key, entry);
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
    return this.latest.get(resource)?.get(keyOf(namespace, name));
  }

  list(resource: string, namespace?: string): StoredObject[] {
    return listOf(this.latest, resource, namespace);
  }

  getPublished(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.published.get(resource)?.get(keyOf(namespace, name));
  }

  listPublished(resource: string, namespace?: string): StoredObject[] {
    return listOf(this.published, resource, namespace);
  }

  count(resource: string): number {
    return this.latest.get(resource)?.size ?? 0;
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

  private readonly commit = (batch: Batch): void => {
    for (const { event } of batch) {
      const o = event.object;
      if (event.type === 'DELETED') this.stmts.del.run(o.resource, o.namespace, o.name);
      else this.stmts.put.run(o.resource, o.namespace, o.name, o.rv, o.json);
    }
    this.stmts.setRv.run(String(batch[batch.length - 1].event.rv));
  };

  /**
   * Commits the queued writes. While a sync is in flight they keep queueing instead, and are
   * committed as one batch when it ends (synced): they could not be released before the next sync
   * anyway, and one commit writes each hot page to the WAL once instead of once per turn.
   */
  private flush(force = false): void {
    this.flushScheduled = false;
    if (this.pipeline?.syncing && !force) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (this.fatal) return rejectAll(batch, this.fatal);
    try {
      this.db.transaction(this.commit)(batch);
    } catch (err) {
      return this.fail(err as Error, [batch]);
    }
    if (this.pipeline) this.pipeline.committed(batch);
    else this.release(batch);
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
    }
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

  /** Commits what is queued, waits for the log sync covering it (blocking), releases it, closes. */
  close(): void {
    if (this.pending.length) this.flush(true);
    this.pipeline?.drain();
    this.syncer?.close();
    this.db.close();
  }
}

function openWal(path: string): WalFile {
  const f = new WalFile(path);
  // The WAL exists once a WAL database has been read; opening now keeps the directory fsync off
  // the first write. Should it not exist yet, the first sync opens it.
  try {
    f.open();
  } catch {
    /* opened lazily */
  }
  return f;
}

function bucket(buckets: Buckets, resource: string): Map<string, StoredEntry> {
  let b = buckets.get(resource);
  if (!b) {
    b = new Map();
    buckets.set(resource, b);
  }
  return b;
}

function apply(buckets: Buckets, type: StoreEvent['type'], o: StoredEntry): void {
  if (type === 'DELETED') buckets.get(o.resource)?.delete(keyOf(o.namespace, o.name));
  else bucket(buckets, o.resource).set(keyOf(o.namespace, o.name), o);
}

function listOf(buckets: Buckets, resource: string, namespace?: string): StoredObject[] {
  const b = buckets.get(resource);
  if (!b) return [];
  const out: StoredObject[] = [];
  for (const o of b.values()) if (namespace === undefined || o.namespace === namespace) out.push(o);
  return out.sort(compareStored);
}

function rejectAll(batch: Batch, err: Error): void {
  for (const p of batch) p.reject(err);
}

function identity(obj: KubeObject): { namespace: string; name: string } {
  return { namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

function compareStored(a: StoredObject, b: StoredObject): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
