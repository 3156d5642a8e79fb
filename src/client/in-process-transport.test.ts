import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiRequest, ApiResponse, WatchStreamSink } from '../apiserver/request.js';
import type { KubeObject } from '../apimachinery/types.js';
import { InProcessTransport } from './in-process-transport.js';

const frozen: KubeObject = Object.freeze({ kind: 'Pod', apiVersion: 'v1', metadata: Object.freeze({ name: 'a', resourceVersion: '7' }) });

/** A handler whose watch sends one event as an object when the sink takes objects, else as JSON. */
function handler(seen: { sink?: WatchStreamSink }) {
  return async (_req: ApiRequest): Promise<ApiResponse> => ({
    status: 200,
    watch: {
      start: (sink) => {
        seen.sink = sink;
        if (sink.sendObject) sink.sendObject('ADDED', frozen);
        else sink.send(`{"type":"ADDED","object":${JSON.stringify(frozen)}}`);
        sink.end();
        return () => undefined;
      },
    },
  });
}

const streamed = (t: InProcessTransport, withObjects: boolean) =>
  new Promise<{ lines: string[]; objects: unknown[] }>((resolve) => {
    const lines: string[] = [];
    const objects: unknown[] = [];
    const onObject = withObjects ? (_type: string, o: unknown) => objects.push(o) : undefined;
    t.stream({ method: 'GET', path: '/api/v1/pods' }, (l) => lines.push(l), () => resolve({ lines, objects }), onObject);
  });

test('a watcher that takes objects gets the server object itself, asynchronously', async () => {
  const seen: { sink?: WatchStreamSink } = {};
  const { lines, objects } = await streamed(new InProcessTransport(handler(seen)), true);
  assert.deepEqual(lines, []);
  assert.equal(objects[0], frozen, 'the same frozen object, no copy');
});

test('a watcher that takes lines gets JSON, and the sink offers no object path', async () => {
  const seen: { sink?: WatchStreamSink } = {};
  const { lines, objects } = await streamed(new InProcessTransport(handler(seen)), false);
  assert.equal(seen.sink?.sendObject, undefined);
  assert.deepEqual(objects, []);
  assert.deepEqual(JSON.parse(lines[0]), { type: 'ADDED', object: frozen });
});

test('bodies the RestClient serialized itself are marked, so the server skips the duplicate-field scan; raw patch text is not', async () => {
  const { RestClient } = await import('./rest-client.js');
  const seen: (boolean | undefined)[] = [];
  const t = new InProcessTransport(async (req) => {
    seen.push(req.bodyIsStringified);
    return { status: 200, body: '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}' };
  });
  const c = new RestClient(t);
  const ref = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name: 'a' };
  await c.create({ ...ref, name: undefined }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  await c.patch(ref, 'merge', { data: { k: 'v' } });
  await c.patch(ref, 'merge', '{"data":{"k":"v","k":"w"}}');
  assert.deepEqual(seen, [true, true, false]);
});
