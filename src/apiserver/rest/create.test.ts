import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { ApiError } from '../../apimachinery/errors.js';
import { Registry } from '../../registry/registry.js';
import { builtinTypes } from '../../registry/builtin.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { RestContext } from './context.js';
import { createObject, generateName } from './create.js';

const configmaps = builtinTypes({ strategies: {}, printers: {} }).find((t) => t.plural === 'configmaps')!;
const params = () => ({ type: configmaps, version: 'v1', namespace: 'ns', query: new URLSearchParams(), warnings: [] as string[] });
const cm = (metadata: KubeObject['metadata']): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });

/** A store in memory with namespace "ns", where the next `clashes` creates of configmaps find their name taken. */
async function rig(clashes: number) {
  const store = new SqliteStore({ path: ':memory:', durable: false });
  await store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  const tried: string[] = [];
  const create = store.create.bind(store);
  store.create = async (key, obj) => {
    if (key === 'configmaps') {
      tried.push(obj.metadata.name!);
      // The clash is real: an object by that name is in the store when the create runs.
      if (tried.length <= clashes) await create(key, cm({ name: obj.metadata.name, namespace: 'ns' }));
    }
    return create(key, obj);
  };
  const ctx: RestContext = { store, registry: new Registry(), admission: [], now: () => new Date() };
  return { store, ctx, tried };
}

test('a generated name that is taken is generated again, as kube-apiserver does (RetryGenerateName)', async () => {
  const { store, ctx, tried } = await rig(3);
  const r = await createObject(ctx, params(), cm({ generateName: 'web-' }));
  assert.equal(tried.length, 4, 'three clashes, then a fourth name');
  assert.equal(new Set(tried).size, 4, 'a new suffix each time');
  assert.equal(r.object.metadata.name, tried[3]);
  assert.match(r.object.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  store.close();
});

test('after 8 taken names the create fails with AlreadyExists', async () => {
  const { store, ctx, tried } = await rig(100);
  await assert.rejects(createObject(ctx, params(), cm({ generateName: 'web-' })), (e: ApiError) => {
    assert.equal(e.status.code, 409);
    assert.equal(e.status.reason, 'AlreadyExists');
    return true;
  });
  assert.equal(tried.length, 8);
  store.close();
});

test('a name the client chose is never replaced, generateName or not', async () => {
  const { store, ctx, tried } = await rig(1);
  await assert.rejects(createObject(ctx, params(), cm({ name: 'mine', generateName: 'web-' })), (e: ApiError) => e.status.code === 409);
  assert.deepEqual(tried, ['mine']);
  store.close();
});

test('a dry run answers with a generated name that is free, as the real create would', async () => {
  const { store, ctx } = await rig(0);
  const looked: string[] = [];
  const get = store.get.bind(store);
  // The first two names looked up are reported taken.
  store.get = (key, namespace, name) => (key === 'configmaps' && looked.push(name) <= 2 ? get('namespaces', '', 'ns') : get(key, namespace, name));
  const p = { ...params(), query: new URLSearchParams('dryRun=All') };
  const r = await createObject(ctx, p, cm({ generateName: 'web-' }));
  assert.equal(looked.length, 3);
  assert.equal(r.object.metadata.name, looked[2]);
  assert.equal(store.count('configmaps'), 0, 'nothing written');
  store.close();
});

test('the generateName prefix is cut to 58 characters so the generated name fits in 63', () => {
  const name = generateName('p'.repeat(70));
  assert.equal(name.length, 63);
  assert.ok(name.startsWith('p'.repeat(58)));
  assert.equal(generateName('web-').length, 9);
});
