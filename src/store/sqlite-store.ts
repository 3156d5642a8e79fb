// SQLite-backed Store (better-sqlite3, WAL). All objects are also held in memory: reads and LISTs
// never touch the disk, and SQLite is the durable log we reload on start.
//
// Group commit: writes arriving in the same turn of the event loop are committed in one SQLite
// transaction (synchronous=FULL, so the WAL is fsynced before we acknowledge). Memory is updated at
// once so later writes in the same batch see earlier ones (optimistic concurrency stays exact);
// callers' promises and watch events are released only after the commit.

import Database from 'better-sqlite3';
import type { KubeObject } from '../apimachinery/types.js';
import { WatchHistory } from './watch-history.js';
import { deepFreeze, StoredEntry } from './stored-entry.js';
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

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:' for tests. */
  path: string;
  /** Events kept for watch resumption. */
  historySize?: number;
  /** fsync every commit (default true). */
  durable?: boolean;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly objects = new Map<string, Map<string, StoredEntry>>();
  private readonly watchers = new Map<string, Set<(e: StoreEvent) => void>>();
  private readonly history: WatchHistory;
  private rv = 0;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly stmts: {
    put: Database.Statement;
    del: Database.Statement;
    setRv: Database.Statement;
  };

  constructor(opts: SqliteStoreOptions) {
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.durable === false ? 'NORMAL' : 'FULL'}`);
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
    this.history = new WatchHistory(opts.historySize ?? 50_000, this.rv);
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
      this.bucket(r.resource).set(keyOf(r.namespace, r.name), entry);
      if (r.rv > this.rv) this.rv = r.rv;
    }
  }

  private bucket(resource: string): Map<string, StoredEntry> {
    let b = this.objects.get(resource);
    if (!b) {
      b = new Map();
      this.objects.set(resource, b);
    }
    return b;
  }

  currentRv(): number {
    return this.rv;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.objects.get(resource)?.get(keyOf(namespace, name));
  }

  list(resource: string, namespace?: string): StoredObject[] {
    const b = this.objects.get(resource);
    if (!b) return [];
    const out: StoredObject[] = [];
    for (const o of b.values()) if (namespace === undefined || o.namespace === namespace) out.push(o);
    return out.sort(compareStored);
  }

  count(resource: string): number {
    return this.objects.get(resource)?.size ?? 0;
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

  /** Assigns the next rv, updates memory now, and queues the durable write. */
  private write(type: StoreEvent['type'], resource: string, obj: KubeObject, prev?: StoredObject): Promise<StoredObject> {
    const rv = ++this.rv;
    const { namespace, name } = identity(obj);
    const stamped = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    const json = JSON.stringify(stamped);
    const stored = new StoredEntry({ resource, namespace, name, rv, json, obj: deepFreeze(stamped) });
    if (type === 'DELETED') this.objects.get(resource)?.delete(keyOf(namespace, name));
    else this.bucket(resource).set(keyOf(namespace, name), stored);
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

  private readonly commit = (batch: PendingWrite[]): void => {
    for (const { event } of batch) {
      const o = event.object;
      if (event.type === 'DELETED') this.stmts.del.run(o.resource, o.namespace, o.name);
      else this.stmts.put.run(o.resource, o.namespace, o.name, o.rv, o.json);
    }
    this.stmts.setRv.run(String(batch[batch.length - 1].event.rv));
  };

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.db.transaction(this.commit)(batch);
    } catch (err) {
      // Memory is ahead of disk now; the only safe answer is to stop serving.
      for (const p of batch) p.reject(err as Error);
      throw err;
    }
    for (const p of batch) {
      this.history.append(p.event);
      this.publish(p.event);
      p.resolve(p.event.object);
      // Live watchers have classified the event: the superseded version now lives on only in the
      // history, as JSON.
      if (p.event.prev instanceof StoredEntry) p.event.prev.compact();
    }
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

  close(): void {
    if (this.pending.length) this.flush();
    this.db.close();
  }
}

function identity(obj: KubeObject): { namespace: string; name: string } {
  return { namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

function compareStored(a: StoredObject, b: StoredObject): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

