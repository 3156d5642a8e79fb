import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import type { DiscoveredResource } from '../../client/discovery.js';
import { OwnershipGraph } from './graph.js';

const pods: DiscoveredResource = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['delete'] };
const sets: DiscoveredResource = { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, verbs: ['delete'] };
const meta = (uid: string, owners: string[] = []): KubeObject => ({
  apiVersion: 'meta.k8s.io/v1',
  kind: 'PartialObjectMetadata',
  metadata: { name: uid, namespace: 'default', uid, ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: o, uid: o })) },
});

test('the graph finds an object, its resource and its dependents by UID, and follows owner changes and removals', () => {
  const g = new OwnershipGraph();
  const web = meta('web');
  g.upsert(sets, web);
  g.upsert(pods, meta('web-0', ['web']));
  g.upsert(pods, meta('web-1', ['web']));
  assert.deepEqual(g.get('web'), { res: sets, obj: web });
  assert.equal(g.get('nope'), undefined);
  assert.deepEqual(g.dependentsOf('web').map((n) => [n.res.resource, n.obj.metadata.uid]).sort(), [['pods', 'web-0'], ['pods', 'web-1']]);

  // web-1 is adopted by another owner: it leaves web's dependents.
  const moved = meta('web-1', ['db']);
  g.upsert(pods, moved);
  assert.deepEqual(g.dependentsOf('web').map((n) => n.obj.metadata.uid), ['web-0']);
  assert.deepEqual(g.dependentsOf('db'), [{ res: pods, obj: moved }], 'a dependent of an owner the graph has not seen');

  g.remove(meta('web-0', ['web']));
  assert.deepEqual(g.dependentsOf('web'), []);
  assert.equal(g.get('web-0'), undefined);
});
