// Where the store's writes become durable: the SQLite table of objects, written a batch at a time.
// The schema and statements live here once; the log-writer thread (log-writer-thread.ts) runs the
// same SQL on its own connection, and InlineLog runs it on the caller's thread (memory stores,
// tests, and reading the table back at start).

import Database from 'better-sqlite3';

/** One write as it goes to disk: an object's new JSON, or its deletion (no json). */
export interface LogRow {
  resource: string;
  namespace: string;
  name: string;
  rv: number;
  json?: string;
}

/** Persists batches of rows in order; an implementation decides the thread and the syncing. */
export interface DurableLog {
  /** Writes the rows in one transaction and makes them durable; `done` once, with the error if it failed. */
  append(rows: LogRow[], done: (err: Error | null) => void): void;
  /** The same, blocking, after every append already requested (shutdown). Throws if it failed. */
  appendNow(rows: LogRow[]): void;
  /** Releases the log once nothing is in flight. */
  close(): void;
}

// A rowid table, not WITHOUT ROWID: there a row keeps only ~1 KB of a 4 KiB page and spills the
// rest to overflow pages, so updating a 3.5 KB pod rewrote four pages (16 KiB of WAL, fsynced);
// here it fits its leaf, and an upsert that keeps the key rewrites that one page and leaves the
// (resource, namespace, name) index alone.
const OBJECTS_TABLE = `
    CREATE TABLE IF NOT EXISTS objects (
      id INTEGER PRIMARY KEY,
      resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
      rv INTEGER NOT NULL, data TEXT NOT NULL,
      UNIQUE (resource, namespace, name));`;

export const SQL = {
  schema: `${OBJECTS_TABLE}
    CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);`,
  put: `INSERT INTO objects (resource, namespace, name, rv, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (resource, namespace, name) DO UPDATE SET rv = excluded.rv, data = excluded.data`,
  del: 'DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?',
  setRv: "INSERT OR REPLACE INTO meta (k, v) VALUES ('rv', ?)",
  getRv: "SELECT v FROM meta WHERE k = 'rv'",
  all: 'SELECT resource, namespace, name, rv, data FROM objects',
} as const;

/** The page size of new databases (see openDatabase). */
const PAGE_SIZE = 1024;

/** Opens (creating if need be) a database in WAL mode with the schema; false `wal` if the filesystem cannot. */
export function openDatabase(path: string): { db: Database.Database; wal: boolean } {
  const db = new Database(path);
  // A new database gets 1 KiB pages (an existing one keeps its own: SQLite applies this only before
  // the first write). A commit writes each page it touched, whole, to the WAL: with 4 KiB pages a
  // commit of three small ConfigMaps wrote ~20 KiB (a table leaf, an index leaf per row, the rv), 30–45
  // MB/s of WAL at 3,000 writes/s. With 1 KiB pages a small row costs 1 KiB, and a 3.5 KB pod
  // spills over four 1 KiB pages: as much as one 4 KiB page.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  // journal_mode first, while synchronous is still FULL: the switch to WAL rewrites the header.
  const wal = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
  migrateWithoutRowid(db);
  db.exec(SQL.schema);
  return { db, wal };
}

/** Data dirs written before the rowid table keep working: their rows move over once, in one transaction. */
function migrateWithoutRowid(db: Database.Database): void {
  const old = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'objects'").get() as { sql: string } | undefined;
  if (!old || !/WITHOUT ROWID/i.test(old.sql)) return;
  db.transaction(() => {
    db.exec('ALTER TABLE objects RENAME TO objects_without_rowid');
    db.exec(OBJECTS_TABLE);
    db.exec('INSERT INTO objects (resource, namespace, name, rv, data) SELECT resource, namespace, name, rv, data FROM objects_without_rowid');
    db.exec('DROP TABLE objects_without_rowid');
  })();
}

/**
 * Everything stored, and the resourceVersion last written to meta: the store resumes from the larger
 * of that and the newest row's rv (a batch writes meta only when it ends with a deletion).
 */
export function readAll(db: Database.Database): { rv: number; rows: Iterable<{ resource: string; namespace: string; name: string; rv: number; data: string }> } {
  const row = db.prepare(SQL.getRv).get() as { v: string } | undefined;
  return { rv: row ? Number(row.v) : 0, rows: db.prepare(SQL.all).iterate() as Iterable<{ resource: string; namespace: string; name: string; rv: number; data: string }> };
}

/** Runs the writes on the calling thread, on the connection given (synchronous, done on a later tick). */
export class InlineLog implements DurableLog {
  private readonly write: (rows: LogRow[]) => void;

  constructor(private readonly db: Database.Database) {
    const put = db.prepare(SQL.put);
    const del = db.prepare(SQL.del);
    const setRv = db.prepare(SQL.setRv);
    this.write = db.transaction((rows: LogRow[]) => {
      for (const r of rows) {
        if (r.json === undefined) del.run(r.resource, r.namespace, r.name);
        else put.run(r.resource, r.namespace, r.name, r.rv, r.json);
      }
      // The resourceVersion survives a restart as the larger of this and the newest row's rv
      // (readAll's caller takes the max). A batch that ends with a put leaves its last rv on that
      // row, so only one that ends with a deletion must write it here: one page less per commit.
      const last = rows[rows.length - 1];
      if (last.json === undefined) setRv.run(String(last.rv));
    });
  }

  append(rows: LogRow[], done: (err: Error | null) => void): void {
    let err: Error | null = null;
    try {
      this.appendNow(rows);
    } catch (e) {
      err = e as Error;
    }
    setImmediate(() => done(err));
  }

  appendNow(rows: LogRow[]): void {
    if (rows.length) this.write(rows);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
