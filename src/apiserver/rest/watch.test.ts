import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../apimachinery/types.js';
import { Registry } from '../../registry/registry.js';
import { builtinTypes } from '../../registry/builtin.js';
import { HeldLog } from '../../store/held-log.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { RestContext } from './context.js';
import { getObject, listObjects } from './read.js';
import { watchObjects } from './watch.js';

const configmaps = builtinTypes({ strategies: {}, printers: {} }).find((t) => t.plural === 'configmaps')!;
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });
const turn = () => new Promise((r) => setImmediate(r));

/** A store whose durable writes are held by the test, so a write can sit between commit and publication. */
function rig() {
  const dir = mkdtempSync(join(tmpdir(), 'watch-test-'));
  const syncer = new HeldLog();
  const store = new SqliteStore({ path: join(dir, 'db'), log: syncer, onFatal: () => undefined });
  const ctx: RestContext = { store, registry: new Registry(), admission: [], now: () => new Date() };
  /** Writes one configmap and lets its commit happen, leaving its sync held; `.ack` is its promise. */
  const commit = async (name: string): Promise<{ ack: Promise<unknown> }> => {
    const ack = store.create('configmaps', cm(name));
    await turn();
    return { ack };
  };
  const cleanup = () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, syncer, ctx, commit, cleanup };
}

interface Received {
  type: string;
  name?: string;
  rv: string;
}

function open(ctx: RestContext, query: Record<string, string>) {
  const got: Received[] = [];
  const stop = watchObjects(ctx, { type: configmaps, version: 'v1', namespace: 'ns', query: new URLSearchParams(query) }).start({
    send: (json) => {
      const e = JSON.parse(json) as { type: string; object: KubeObject };
      got.push({ type: e.type, name: e.type === 'BOOKMARK' ? undefined : e.object.metadata.name, rv: e.object.metadata.resourceVersion! });
    },
    end: () => undefined,
  });
  return { got, stop };
}

test('a bookmark never claims a write whose event the stream has not sent: resuming from it loses nothing', async () => {
  const { syncer, ctx, commit, cleanup } = rig();
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const a = await commit('a');
    syncer.complete();
    await a.ack; // rv 1 published
    const first = open(ctx, { resourceVersion: '1', allowWatchBookmarks: 'true' });
    const b = await commit('b'); // rv 2: committed, not yet durable, so not sent
    mock.timers.tick(5_000);
    const mark = first.got.find((e) => e.type === 'BOOKMARK');
    assert.ok(mark, 'a bookmark was sent');
    assert.equal(mark.rv, '1', 'the bookmark stays at the last published rv');
    // The stream breaks before b is published; the client resumes from its bookmark.
    first.stop();
    const resumed = open(ctx, { resourceVersion: mark.rv });
    syncer.complete();
    await b.ack;
    assert.deepEqual(resumed.got, [{ type: 'ADDED', name: 'b', rv: '2' }]);
    resumed.stop();
  } finally {
    mock.timers.reset();
    cleanup();
  }
});

test('a list reports only a published rv, shows the objects as of it, and a watch from it delivers the rest exactly once', async () => {
  const { store, syncer, ctx, commit, cleanup } = rig();
  try {
    const a = await commit('a');
    syncer.complete();
    await a.ack;
    const b = await commit('b'); // in flight
    const page = listObjects(ctx, { type: configmaps, version: 'v1', namespace: 'ns', query: new URLSearchParams() });
    assert.equal(page.resourceVersion, String(store.publishedRv()));
    assert.deepEqual(page.items.map((o) => o.name), ['a']);
    assert.throws(() => getObject(ctx, { type: configmaps, version: 'v1', namespace: 'ns', query: new URLSearchParams(), name: 'b' }), /not found/);
    const w = open(ctx, { resourceVersion: page.resourceVersion });
    syncer.complete();
    await b.ack;
    assert.deepEqual(w.got, [{ type: 'ADDED', name: 'b', rv: '2' }]);
    w.stop();
  } finally {
    cleanup();
  }
});

test('a watch without a resourceVersion sends the published objects, then the rest live, each once', async () => {
  const { syncer, ctx, commit, cleanup } = rig();
  try {
    const a = await commit('a');
    syncer.complete();
    await a.ack;
    const b = await commit('b');
    const w = open(ctx, {});
    assert.deepEqual(w.got, [{ type: 'ADDED', name: 'a', rv: '1' }]);
    syncer.complete();
    await b.ack;
    assert.deepEqual(w.got.map((e) => e.name), ['a', 'b']);
    w.stop();
  } finally {
    cleanup();
  }
});

test('socket watchers of the stored form share one encoded line per event; the line is the JSON event and a newline', async () => {
  const { syncer, ctx, commit, cleanup } = rig();
  try {
    const lines: Buffer[][] = [[], []];
    const stops = lines.map((got) =>
      watchObjects(ctx, { type: configmaps, version: 'v1', namespace: 'ns', query: new URLSearchParams({ resourceVersion: '0' }) }).start({
        send: () => assert.fail('a socket sink gets encoded lines'),
        sendLine: (line) => got.push(line),
        end: () => undefined,
      }),
    );
    const a = await commit('a');
    syncer.complete();
    await a.ack;
    assert.equal(lines[0].length, 1);
    assert.equal(lines[0][0], lines[1][0], 'the same Buffer for both watchers');
    const text = lines[0][0].toString('utf8');
    assert.ok(text.endsWith('}\n'));
    const e = JSON.parse(text) as { type: string; object: KubeObject };
    assert.deepEqual([e.type, e.object.metadata.name, e.object.metadata.resourceVersion], ['ADDED', 'a', '1']);
    for (const stop of stops) stop();
  } finally {
    cleanup();
  }
});
