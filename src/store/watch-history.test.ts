import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchHistory } from './watch-history.js';
import { StoreExpiredError, type StoreEvent, type StoredObject } from './store.js';

const version = (resource: string, name: string, rv: number): StoredObject => ({
  resource,
  namespace: 'default',
  name,
  rv,
  obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', resourceVersion: String(rv) } },
  json: `{"rv":${rv}}`,
});

test('since replays the events of one resource after an rv, oldest first, with their types and previous versions', () => {
  const h = new WatchHistory(10, 0);
  const a1 = version('configmaps', 'a', 1);
  const s2 = version('secrets', 's', 2);
  const a3 = version('configmaps', 'a', 3);
  const a4 = version('configmaps', 'a', 4);
  h.append({ type: 'ADDED', rv: 1, object: a1 });
  h.append({ type: 'ADDED', rv: 2, object: s2 });
  h.append({ type: 'MODIFIED', rv: 3, object: a3, prev: a1 });
  h.append({ type: 'DELETED', rv: 4, object: a4, prev: a3 });
  const expected: StoreEvent[] = [
    { type: 'ADDED', rv: 1, object: a1 },
    { type: 'MODIFIED', rv: 3, object: a3, prev: a1 },
    { type: 'DELETED', rv: 4, object: a4, prev: a3 },
  ];
  assert.deepEqual(h.since(0, 'configmaps'), expected);
  assert.deepEqual(h.since(3, 'configmaps'), expected.slice(2));
  assert.deepEqual(h.since(4, 'configmaps'), []);
  assert.deepEqual(h.since(0, 'secrets'), [{ type: 'ADDED', rv: 2, object: s2 }]);
  assert.equal('prev' in h.since(0, 'secrets')[0], false, 'an event without a previous version has no prev key');
});

test('a full window drops its oldest events and expires resumes from before them', () => {
  const h = new WatchHistory(3, 0);
  for (let rv = 1; rv <= 5; rv++) h.append({ type: 'ADDED', rv, object: version('configmaps', `c${rv}`, rv) });
  assert.equal(h.oldestRv(), 2, 'events 1 and 2 are gone: a watch may resume from rv 2 onwards');
  assert.deepEqual(
    h.since(2, 'configmaps').map((e) => e.rv),
    [3, 4, 5],
  );
  assert.throws(() => h.since(1, 'configmaps'), StoreExpiredError);
});

test('an event whose rv is not its version’s is refused: the ring keeps one rv per event', () => {
  const h = new WatchHistory(3, 0);
  assert.throws(() => h.append({ type: 'ADDED', rv: 2, object: version('configmaps', 'a', 1) }), /differs/);
});
