import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import type { ApiRequest, ApiResponse, WatchStreamSink } from '../apiserver/request.js';
import { PortTransport, servePort } from './port-transport.js';

/** A client and a server on the two ends of one channel (both in this thread, as a worker's would be apart). */
function pair(handle: (req: ApiRequest) => Promise<ApiResponse>) {
  const { port1, port2 } = new MessageChannel();
  const server = servePort(port1, handle);
  const client = new PortTransport(port2);
  return { client, close: () => (server.close(), port2.close()) };
}

test('a request crosses with its method, path, query, headers and body, and its answer comes back', async () => {
  const seen: ApiRequest[] = [];
  const { client, close } = pair(async (req) => {
    seen.push(req);
    return { status: 201, body: '{"kind":"ConfigMap"}' };
  });
  try {
    const res = await client.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', query: new URLSearchParams({ fieldValidation: 'Strict', dryRun: 'All' }), headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', bodyIsStringified: true });
    assert.deepEqual(res, { status: 201, body: '{"kind":"ConfigMap"}' });
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].query.get('fieldValidation'), 'Strict', 'the query survives the crossing');
    assert.equal(seen[0].query.get('dryRun'), 'All');
    assert.equal(seen[0].headers['content-type'], 'application/json');
    assert.equal(seen[0].body?.toString(), '{"a":1}');
    assert.equal(seen[0].bodyIsStringified, true);
  } finally {
    close();
  }
});

test('a request the server fails rejects, and other requests are answered in their own order', async () => {
  const { client, close } = pair(async (req) => {
    if (req.path === '/boom') throw new Error('handler broke');
    await new Promise((r) => setTimeout(r, req.path === '/slow' ? 20 : 0));
    return { status: 200, body: req.path };
  });
  try {
    const [slow, fast, boom] = await Promise.allSettled([client.request({ method: 'GET', path: '/slow' }), client.request({ method: 'GET', path: '/fast' }), client.request({ method: 'GET', path: '/boom' })]);
    assert.deepEqual(slow, { status: 'fulfilled', value: { status: 200, body: '/slow' } });
    assert.deepEqual(fast, { status: 'fulfilled', value: { status: 200, body: '/fast' } });
    assert.equal(boom.status, 'rejected');
    assert.match(String((boom as PromiseRejectedResult).reason), /handler broke/);
  } finally {
    close();
  }
});

test('a watch delivers every line in order, then its end, and never the server objects', async () => {
  const { client, close } = pair(async () => ({
    status: 200,
    watch: {
      start: (sink: WatchStreamSink) => {
        assert.equal(sink.sendObject, undefined, 'objects cannot cross isolates: JSON only');
        for (let i = 0; i < 1000; i++) sink.send(`{"type":"ADDED","object":{"metadata":{"name":"o${i}"}}}`);
        setTimeout(() => sink.end(), 5);
        return () => undefined;
      },
    },
  }));
  try {
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => client.stream({ method: 'GET', path: '/api/v1/configmaps', query: new URLSearchParams({ watch: '1' }) }, (l) => lines.push(l), (err) => (err ? reject(err) : resolve())));
    assert.equal(lines.length, 1000);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { object: { metadata: { name: string } } }).object.metadata.name).slice(0, 3), ['o0', 'o1', 'o2']);
    assert.equal(JSON.parse(lines[999]).object.metadata.name, 'o999');
  } finally {
    close();
  }
});

test('stopping a watch ends it at once for the client and stops the server side', async () => {
  let stoppedOnServer!: () => void;
  const serverStopped = new Promise<void>((r) => (stoppedOnServer = r));
  let sink!: WatchStreamSink;
  let resolveStarted!: () => void;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const { client, close } = pair(async () => ({
    status: 200,
    watch: {
      start: (s: WatchStreamSink) => {
        sink = s;
        resolveStarted();
        return stoppedOnServer;
      },
    },
  }));
  try {
    const lines: string[] = [];
    let ends = 0;
    const stop = client.stream({ method: 'GET', path: '/w' }, (l) => lines.push(l), () => ends++);
    await started;
    sink.send('{"type":"ADDED"}');
    await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.equal(ends, 1, 'ended once, synchronously');
    await serverStopped;
    sink.send('{"type":"MODIFIED"}');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(lines, ['{"type":"ADDED"}'], 'nothing after the stop');
    assert.equal(ends, 1);
  } finally {
    close();
  }
});

test('a watch the server answers with an error Status delivers it as one line, then ends', async () => {
  const { client, close } = pair(async () => ({ status: 410, body: '{"kind":"Status","code":410,"reason":"Expired"}' }));
  try {
    const lines: string[] = [];
    await new Promise<void>((resolve) => client.stream({ method: 'GET', path: '/w' }, (l) => lines.push(l), () => resolve()));
    assert.deepEqual(lines, ['{"kind":"Status","code":410,"reason":"Expired"}']);
  } finally {
    close();
  }
});
