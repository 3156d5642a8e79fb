import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../apimachinery/types.js';
import { SqliteStore } from './sqlite-store.js';
import { StoreConflictError, StoreExpiredError, type StoreEvent } from './store.js';
import { StoredEntry } from './stored-entry.js';

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
  assert.equal(parsedNow(v2), true, 'current: parsed form kept');
  assert.equal(seen[1].prev, v1, 'the live watcher saw the previous version');
  assert.notEqual(v1.obj, before);
  assert.deepEqual(v1.obj, before);
  assert.ok(Object.isFrozen(v1.obj));
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
