import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../apimachinery/types.js';
import { SqliteStore } from './sqlite-store.js';
import { StoreConflictError, StoreExpiredError, type StoreEvent } from './store.js';
import { StoredEntry } from './stored-entry.js';
import { HeldLog } from './held-log.js';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v } });
const parsedNow = (o: unknown) => (o as { parsed?: unknown }).parsed !== undefined;

test('writes stamp a global resourceVersion, keep a frozen object and its JSON, and check expected versions', async () => {
  const s = new SqliteStore({ path: ':memory:', durable: false });
  const a = await s.create('configmaps', cm('a', '1'));
  const b = await s.create('configmaps', cm('b', '1'));
  assert.deepEqual([a.rv, b.rv], [1, 2]);
  assert.equal(a.obj.metadata.resourceVersion, '1');
  assert.ok(Object.isFrozen(a.obj.metadata));
  assert.deepEqual(JSON.parse(a.json), a.obj);
  await assert.rejects(s.update('configmaps', cm('a', '2'), 99), StoreConflictError);
  const a2 = await s.update('configmaps', cm('a', '2'), a.rv);
  assert.equal(s.get('configmaps', 'ns', 'a'), a2);
  assert.deepEqual(s.list('configmaps').map((o) => o.name), ['a', 'b']);
  s.close();
});

test('a superseded version keeps only its JSON once published, and parses back to an equal frozen object', async () => {
  const s = new SqliteStore({ path: ':memory:', durable: false });
  const seen: StoreEvent[] = [];
  s.watch('configmaps', 0, (e) => seen.push(e));
  const v1 = await s.create('configmaps', cm('a', '1'));
  const before = v1.obj;
  const v2 = await s.update('configmaps', cm('a', '2'));
  assert.ok(v1 instanceof StoredEntry);
  assert.equal(parsedNow(v1), false, 'superseded: parsed form dropped');
  assert.equal(parsedNow(v2), true, 'just released: parsed form kept for its readers');
  assert.equal(seen[1].prev, v1, 'the live watcher saw the previous version');
  assert.notEqual(v1.obj, before);
  assert.deepEqual(v1.obj, before);
  assert.ok(Object.isFrozen(v1.obj));
  s.close();
});

test('a released version is held as JSON only once its callers and watchers have had it; a read parses it again and keeps it', async () => {
  const s = new SqliteStore({ path: ':memory:', durable: false });
  const delivered: Readonly<KubeObject>[] = [];
  s.watch('configmaps', 0, (e) => delivered.push(e.object.obj));
  const v1 = await s.create('configmaps', cm('a', '1'));
  const handedOut = v1.obj;
  assert.equal(delivered[0], handedOut, 'the watcher and the caller got the one parsed object');
  assert.equal(parsedNow(v1), true);
  await new Promise((r) => setImmediate(r));
  assert.equal(parsedNow(v1), false, 'nobody reads it any more: JSON only');
  assert.equal(s.get('configmaps', 'ns', 'a'), v1, 'still the current version');
  const read = v1.obj;
  assert.deepEqual(read, handedOut);
  assert.ok(Object.isFrozen(read) && Object.isFrozen(read.metadata));
  assert.equal(v1.obj, read, 'parsed once, then kept');
  s.close();
});

test('a watch resumes from the history window (superseded versions included) and 410s before it', async () => {
  const s = new SqliteStore({ path: ':memory:', durable: false, historySize: 3 });
  await s.create('configmaps', cm('a', '1')); // rv 1
  await s.update('configmaps', cm('a', '2')); // rv 2
  await s.update('configmaps', cm('a', '3')); // rv 3
  await s.update('configmaps', cm('a', '4')); // rv 4: rv 1 leaves the window
  const got: string[] = [];
  s.watch('configmaps', 1, (e) => got.push(`${e.type} ${e.object.obj.data?.v} prev=${e.prev?.obj.data?.v}`));
  assert.deepEqual(got, ['MODIFIED 2 prev=1', 'MODIFIED 3 prev=2', 'MODIFIED 4 prev=3']);
  assert.throws(() => s.watch('configmaps', 0, () => undefined), StoreExpiredError);
  s.close();
});

test('objects reload from disk, parsed on first use', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const s = new SqliteStore({ path: join(dir, 'db') });
    await s.create('configmaps', cm('a', '1'));
    await s.delete('configmaps', 'ns', 'a');
    await s.create('configmaps', cm('b', '1'));
    s.close();
    const r = new SqliteStore({ path: join(dir, 'db') });
    assert.equal(r.currentRv(), 3);
    assert.equal(r.get('configmaps', 'ns', 'a'), undefined);
    const b = r.get('configmaps', 'ns', 'b')!;
    assert.equal(parsedNow(b), false);
    assert.equal(b.obj.data?.v, '1');
    assert.ok(Object.isFrozen(b.obj));
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A store on a temp file whose durable writes complete only when the test says so. */
function heldStore(opts: { historySize?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  const syncer = new HeldLog(join(dir, 'db'));
  const fatal: Error[] = [];
  const s = new SqliteStore({ path: join(dir, 'db'), log: syncer, onFatal: (e) => fatal.push(e), ...opts });
  const done = () => rmSync(dir, { recursive: true, force: true });
  return { s, syncer, fatal, done, path: join(dir, 'db') };
}

const settled = async <T>(p: Promise<T>): Promise<string> => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

test('a write is acknowledged, published and watchable only once the log has made it durable', async () => {
  const { s, syncer, done } = heldStore();
  try {
    const seen: number[] = [];
    s.watch('configmaps', 0, (e) => seen.push(e.rv));
    const a = s.create('configmaps', cm('a', '1'));
    await new Promise((r) => setImmediate(r)); // handed to the log
    assert.equal(syncer.calls.length, 1);
    const b = s.create('configmaps', cm('b', '1')); // queued while the first append is in flight
    assert.equal(await settled(a), 'pending');
    assert.equal(s.currentRv(), 2, 'the write path sees both');
    assert.equal(s.get('configmaps', 'ns', 'b')?.rv, 2);
    assert.equal(s.publishedRv(), 0, 'clients see neither');
    assert.equal(s.getPublished('configmaps', 'ns', 'a'), undefined);
    assert.deepEqual(s.listPublished('configmaps'), []);
    assert.deepEqual(seen, []);
    syncer.complete();
    assert.equal(await settled(a), 'resolved');
    assert.equal(await settled(b), 'pending', 'b goes in the next append');
    assert.deepEqual([seen, s.publishedRv(), s.listPublished('configmaps').map((o) => o.name)], [[1], 1, ['a']]);
    syncer.complete();
    assert.equal(await settled(b), 'resolved');
    assert.deepEqual([seen, s.publishedRv()], [[1, 2], 2]);
    s.close();
  } finally {
    done();
  }
});

test('the published view keeps the durable version while an update or delete is on its way to disk', async () => {
  const { s, syncer, done } = heldStore();
  try {
    const a1 = s.create('configmaps', cm('a', '1'));
    await new Promise((r) => setImmediate(r));
    syncer.complete();
    await a1;
    const upd = s.update('configmaps', cm('a', '2'), 1);
    const del = s.delete('configmaps', 'ns', 'a', 2); // preconditions check the latest version
    await new Promise((r) => setImmediate(r));
    assert.equal(s.get('configmaps', 'ns', 'a'), undefined);
    assert.equal(s.getPublished('configmaps', 'ns', 'a')?.obj.data?.v, '1');
    syncer.complete();
    await Promise.all([upd, del]);
    assert.equal(s.getPublished('configmaps', 'ns', 'a'), undefined);
    s.close();
  } finally {
    done();
  }
});

test('a failed append rejects the writes it carried and those queued since, is fatal once, and refuses later writes', async () => {
  const { s, syncer, fatal, done } = heldStore();
  try {
    const seen: number[] = [];
    s.watch('configmaps', 0, (e) => seen.push(e.rv));
    const a = s.create('configmaps', cm('a', '1'));
    await new Promise((r) => setImmediate(r));
    const b = s.create('configmaps', cm('b', '1'));
    await new Promise((r) => setImmediate(r));
    syncer.complete(new Error('EIO: fsync'));
    await assert.rejects(a, /EIO/);
    await assert.rejects(b, /EIO/);
    assert.equal(fatal.length, 1);
    await assert.rejects(s.create('configmaps', cm('c', '1')), /EIO/);
    assert.deepEqual(seen, [], 'no event of a write whose durability is unknown');
    assert.equal(s.publishedRv(), 0);
    assert.equal(syncer.calls.length, 0, 'no further append');
    s.close();
  } finally {
    done();
  }
});

test('close persists what is queued in one blocking append and acknowledges everything before closing', async () => {
  const { s, syncer, path, done } = heldStore();
  try {
    const a = s.create('configmaps', cm('a', '1'));
    await new Promise((r) => setImmediate(r)); // a: its append in flight
    const b = s.create('configmaps', cm('b', '1')); // b: not even handed to the log yet
    s.close();
    assert.equal(syncer.appendNowCalls, 1);
    assert.ok(syncer.closed);
    assert.deepEqual([(await a).rv, (await b).rv], [1, 2]);
        const r = new SqliteStore({ path, durable: false });
    assert.deepEqual(r.list('configmaps').map((o) => o.name), ['a', 'b']);
    r.close();
  } finally {
    done();
  }
});

test('the log-writer thread persists every acknowledged write, across checkpoints and WAL restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const path = join(dir, 'db');
    const s = new SqliteStore({ path });
    const big = 'x'.repeat(3000);
    // ~2 pages per object (~48 MiB of WAL frames in all); the checkpointer thread is asked every
    // ~2 MiB and the writer steps in when restarts are missed (4096 frames): the WAL restarts.
    for (let round = 0; round < 12; round++) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => s.create('configmaps', cm(`r${round}-${i}`, big))));
    }
    await s.delete('configmaps', 'ns', 'r0-0');
    assert.ok(statSync(`${path}-wal`).size < 32 * 1024 * 1024, 'the WAL was restarted, not only appended to');
    // A reader on another connection sees it all while the store is still open: it is committed.
    const r = new SqliteStore({ path, durable: false });
    assert.equal(r.count('configmaps'), 5999);
    assert.equal(r.currentRv(), 6001);
    r.close();
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a write made after close is refused, and close twice is harmless', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const s = new SqliteStore({ path: join(dir, 'db') });
    await s.create('configmaps', cm('a', '1'));
    s.close();
    s.close();
    await assert.rejects(s.create('configmaps', cm('b', '1')), /closed/);
    const r = new SqliteStore({ path: join(dir, 'db'), durable: false });
    assert.deepEqual(r.list('configmaps').map((o) => o.name), ['a']);
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a memory store releases each batch right after its inline commit', async () => {
  const s = new SqliteStore({ path: ':memory:' });
  await s.create('configmaps', cm('a', '1'));
  assert.equal(s.publishedRv(), 1);
  s.close();
});

test('a data dir written with the earlier WITHOUT ROWID table is migrated on open, rows and rv intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const path = join(dir, 'db');
    const Database = (await import('better-sqlite3')).default;
    const old = new Database(path);
    old.exec(`CREATE TABLE objects (resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
      CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);`);
    old.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?)').run('configmaps', 'ns', 'a', 7, JSON.stringify(cm('a', '1')));
    old.prepare("INSERT INTO meta VALUES ('rv', '9')").run();
    old.close();
    const s = new SqliteStore({ path });
    assert.deepEqual([s.get('configmaps', 'ns', 'a')?.rv, s.currentRv()], [7, 9]);
    await s.update('configmaps', cm('a', '2'), 7);
    s.close();
    const check = new Database(path);
    const sql = (check.prepare("SELECT sql FROM sqlite_master WHERE name = 'objects'").get() as { sql: string }).sql;
    check.close();
    assert.doesNotMatch(sql, /WITHOUT ROWID/);
    const r = new SqliteStore({ path, durable: false });
    assert.equal(r.get('configmaps', 'ns', 'a')?.obj.data?.v, '2');
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a new database has 1 KiB pages; an existing one keeps its page size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const Database = (await import('better-sqlite3')).default;
    const pageSize = (path: string): number => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true }) as number;
      } finally {
        db.close();
      }
    };
    const fresh = join(dir, 'fresh');
    const s = new SqliteStore({ path: fresh });
    await s.create('configmaps', cm('a', '1'));
    s.close();
    assert.equal(pageSize(fresh), 1024);
    const old = join(dir, 'old');
    const o = new Database(old);
    o.exec('CREATE TABLE t (x)');
    o.close();
    const r = new SqliteStore({ path: old });
    await r.create('configmaps', cm('a', '1'));
    r.close();
    assert.equal(pageSize(old), 4096);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the resourceVersion survives a restart whether the last write was a put (kept on its row) or a deletion (kept in meta)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  try {
    const path = join(dir, 'db');
    const Database = (await import('better-sqlite3')).default;
    const metaRv = (): string | undefined => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare("SELECT v FROM meta WHERE k = 'rv'").get() as { v: string } | undefined)?.v;
      } finally {
        db.close();
      }
    };
    let s = new SqliteStore({ path });
    await s.create('configmaps', cm('a', '1')); // rv 1
    await s.create('configmaps', cm('b', '1')); // rv 2
    s.close();
    assert.equal(metaRv(), undefined, 'batches that end with a put leave the rv on the row');
    s = new SqliteStore({ path });
    assert.equal(s.currentRv(), 2);
    await s.delete('configmaps', 'ns', 'b'); // rv 3: no row keeps it
    s.close();
    assert.equal(metaRv(), '3');
    s = new SqliteStore({ path });
    assert.equal(s.currentRv(), 3, 'not 1, the newest remaining row');
    assert.equal(s.get('configmaps', 'ns', 'b'), undefined);
    assert.equal((await s.create('configmaps', cm('c', '1'))).rv, 4, 'a resourceVersion is never handed out twice');
    await s.update('configmaps', cm('a', '2')); // rv 5, on a's row; meta still says 3
    s.close();
    s = new SqliteStore({ path });
    assert.equal(s.currentRv(), 5);
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
