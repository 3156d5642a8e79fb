// The API server as kubectl and client libraries see it: auth, versions, CRUD, optimistic
// concurrency, watch resumption and expiry, persistence across kill -9.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { eventually, rawRequest, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

describe('API server basics', () => {
  let sb: TestSandbox;
  sandboxPerSuite({ args: ['--watch-cache-size', '50'] }, (started) => {
    sb = started;
  });

  it('rejects requests without a valid token with a 401 Unauthorized Status', async () => {
    for (const token of [null, 'not-the-token']) {
      const r = await rawRequest(sb, 'GET', '/api/v1/namespaces', { token });
      assert.equal(r.status, 401);
      assert.equal(r.json.kind, 'Status');
      assert.equal(r.json.reason, 'Unauthorized');
      assert.equal(r.json.code, 401);
    }
  });

  it('serves /version, /healthz, /readyz and kubectl version sees no skew warning', async () => {
    const v = await rawRequest(sb, 'GET', '/version');
    assert.equal(v.status, 200);
    assert.match(v.json.gitVersion, /^v1\.\d+\.\d+/);
    assert.equal((await rawRequest(sb, 'GET', '/healthz')).body, 'ok');
    assert.equal((await rawRequest(sb, 'GET', '/readyz')).status, 200);
    const r = await sb.kubectl(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Server Version: v1\./);
    assert.doesNotMatch(r.stderr, /WARNING/);
  });

  it('starts with the standard namespaces', async () => {
    const out = await sb.k(['get', 'ns', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.deepEqual(out.split(' ').sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('creates, reads and lists with kubectl and answers NotFound / AlreadyExists like kube-apiserver', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: basics\ndata:\n  a: "1"\n';
    assert.match(await sb.k(['create', '-f', '-'], cm), /configmap\/basics created/);
    const dup = await sb.kubectl(['create', '-f', '-'], { input: cm });
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Error from server \(AlreadyExists\).*configmaps "basics" already exists/);
    assert.equal(await sb.k(['get', 'cm', 'basics', '-o', 'jsonpath={.data.a}']), '1');
    const missing = await sb.kubectl(['get', 'cm', 'nope']);
    assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
  });

  it('answers a stale update with 409 Conflict (client-node)', async () => {
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'occ' }, data: { v: '1' } } });
    const first = { ...created, data: { v: '2' } };
    await api.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: first });
    const stale = { ...created, data: { v: '3' } };
    await assert.rejects(api.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: stale }), (e: any) => e.code === 409);
  });

  it('feeds a client-node informer with list+watch and relists after 410 Expired', async () => {
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(sb.kc, '/api/v1/namespaces/default/configmaps', () =>
      api.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen = new Set<string>();
    informer.on('add', (o) => seen.add(o.metadata!.name!));
    await informer.start();
    await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-1' } } });
    await eventually(() => seen.has('inf-1'), { message: 'informer saw inf-1' });
    await informer.stop();
    // A watch from a resourceVersion older than the 50-event window gets the Expired ERROR event.
    for (let i = 0; i < 60; i++) await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const r = await rawRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=2');
    const first = JSON.parse(r.body.split('\n')[0]);
    assert.equal(first.type, 'ERROR');
    assert.equal(first.object.code, 410);
    assert.equal(first.object.reason, 'Expired');
  });

  it('serves aggregated discovery (apidiscovery.k8s.io/v2) that kubectl 1.32 uses, and legacy discovery for every group version', async () => {
    // A fresh discovery cache, so kubectl really asks the server.
    const cacheDir = mkdtempSync(join(tmpdir(), 'ordinal-discovery-'));
    const r = await sb.kubectl(['api-resources', '-v=8', '--cache-dir', cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    for (const root of ['/api', '/apis']) {
      const get = r.stderr.indexOf(`GET https://127.0.0.1:${sb.port}${root}?timeout`);
      assert.ok(get >= 0, `kubectl asked for ${root}`);
      const tail = r.stderr.slice(get);
      assert.match(tail, /Accept: application\/json;g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList/);
      assert.match(tail, /Response Status: 200 OK/);
      assert.match(tail, /Content-Type: application\/json;g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList/);
    }
    // With the aggregated answer kubectl needs no per-group-version requests.
    assert.doesNotMatch(r.stderr, /GET https:\/\/[^ ]+\/apis\/apps\/v1\?timeout/, 'no legacy per-group-version fetch');
    assert.match(r.stdout, /^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m);
    assert.match(r.stdout, /^statefulsets\s+sts,asts\s+apps\.kruise\.io\/v1beta1\s+true\s+StatefulSet$/m);
    // The aggregated document itself: subresources with their response kinds.
    const agg = await rawRequest(sb, 'GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    assert.equal(agg.json.kind, 'APIGroupDiscoveryList');
    assert.equal(agg.json.apiVersion, 'apidiscovery.k8s.io/v2');
    const apps = agg.json.items.find((g: any) => g.metadata.name === 'apps').versions.find((v: any) => v.version === 'v1');
    const sts = apps.resources.find((x: any) => x.resource === 'statefulsets');
    assert.deepEqual(sts.subresources.find((x: any) => x.subresource === 'scale').responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    // Legacy discovery: plain application/json.
    const legacy = await rawRequest(sb, 'GET', '/apis');
    assert.equal(legacy.json.kind, 'APIGroupList');
    const versions = (await sb.k(['api-versions', '--cache-dir', cacheDir])).split('\n');
    for (const gv of ['v1', 'apps/v1', 'apps.kruise.io/v1beta1', 'apps.kruise.io/v1alpha1', 'network.ordinal.dev/v1alpha1', 'apiextensions.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'storage.k8s.io/v1']) {
      assert.ok(versions.includes(gv), `kubectl api-versions lists ${gv}: ${versions.join(' ')}`);
    }
    // Every group version kubectl lists answers its legacy APIResourceList.
    for (const gv of versions.filter(Boolean)) {
      const rl = await rawRequest(sb, 'GET', gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
      assert.equal(rl.status, 200, gv);
      assert.equal(rl.json.kind, 'APIResourceList', gv);
      assert.equal(rl.json.groupVersion, gv);
    }
  });

  it('never answers 409 to writes without preconditions that race each other (patches, deletes)', async () => {
    // kube-apiserver retries a lost read-modify-write race internally (GuaranteedUpdate); a client
    // sees 409 only for its own stale resourceVersion or uid.
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'racy', finalizers: ['example.com/hold'] }, data: {} } });
    const patches = Array.from({ length: 40 }, (_, i) =>
      rawRequest(sb, 'PATCH', '/api/v1/namespaces/default/configmaps/racy', { body: JSON.stringify({ data: { [`k${i}`]: String(i) } }), contentType: 'application/merge-patch+json' }),
    );
    const deletion = rawRequest(sb, 'DELETE', '/api/v1/namespaces/default/configmaps/racy', { body: '{}', contentType: 'application/json' });
    const results = await Promise.all([...patches, deletion]);
    assert.deepEqual(results.map((r) => r.status).filter((s) => s !== 200), [], 'every write succeeded');
    const cm = await api.readNamespacedConfigMap({ name: 'racy', namespace: 'default' });
    assert.equal(Object.keys(cm.data ?? {}).length, 40, 'no patch was lost');
    assert.ok(cm.metadata!.deletionTimestamp, 'the delete took effect too');
    await api.patchNamespacedConfigMap({ name: 'racy', namespace: 'default', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
  });

  it('removing the last finalizer of a terminating object deletes it in one write: no watcher sees it terminating without finalizers', async () => {
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} } });
    await api.deleteNamespacedConfigMap({ name: 'held', namespace: 'default' });
    const terminating = await api.readNamespacedConfigMap({ name: 'held', namespace: 'default' });
    const events: { type: string; finalizers?: string[] }[] = [];
    const w = new k8s.Watch(sb.kc);
    const done = new Promise<void>((resolve) => {
      void w
        .watch('/api/v1/namespaces/default/configmaps', { resourceVersion: terminating.metadata!.resourceVersion, fieldSelector: 'metadata.name=held' }, (type: string, o: k8s.V1ConfigMap) => {
          events.push({ type, finalizers: o.metadata?.finalizers });
          if (type === 'DELETED') resolve();
        }, () => resolve())
        .then((ac) => done.finally(() => ac.abort()));
    });
    await api.patchNamespacedConfigMap({ name: 'held', namespace: 'default', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    await done;
    assert.deepEqual(events, [{ type: 'DELETED', finalizers: ['example.com/hold'] }], 'one DELETED event, carrying the last stored version');
    await assert.rejects(api.readNamespacedConfigMap({ name: 'held', namespace: 'default' }), (e: any) => e.code === 404);
    assert.ok(created.metadata!.uid);
  });

  it('answers client-go’s metadata client with PartialObjectMetadata for get, list, watch and writes, and 406 for a mismatched view', async () => {
    const as = (kind: string) => `application/vnd.kubernetes.protobuf;as=${kind};g=meta.k8s.io;v=v1,application/json;as=${kind};g=meta.k8s.io;v=v1,application/json`;
    const base = '/api/v1/namespaces/default/configmaps';
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'meta-only', labels: { a: 'b' } }, data: { secret: 'not in the answer' } });
    const created = await rawRequest(sb, 'POST', base, { body, contentType: 'application/json', accept: as('PartialObjectMetadata') });
    assert.equal(created.status, 201, created.body);
    assert.deepEqual(Object.keys(created.json).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(created.json.kind, 'PartialObjectMetadata');
    assert.equal(created.json.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(created.json.metadata.labels, { a: 'b' });
    assert.ok(created.json.metadata.uid && created.json.metadata.resourceVersion && created.json.metadata.creationTimestamp);

    const got = await rawRequest(sb, 'GET', `${base}/meta-only`, { accept: as('PartialObjectMetadata') });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, created.json, 'a GET gives the same metadata the create answered');

    const list = await rawRequest(sb, 'GET', `${base}?limit=1`, { accept: as('PartialObjectMetadataList') });
    assert.equal(list.status, 200);
    assert.equal(list.json.kind, 'PartialObjectMetadataList');
    assert.equal(list.json.items.length, 1);
    assert.equal(list.json.items[0].kind, 'PartialObjectMetadata');
    assert.equal(list.json.items[0].data, undefined);
    assert.ok(list.json.metadata.resourceVersion);

    // A watch from the list's resourceVersion: the label change arrives as metadata, and so do its bookmarks.
    const label = rawRequest(sb, 'PATCH', `${base}/meta-only`, { body: '{"metadata":{"labels":{"a":"c"}}}', contentType: 'application/merge-patch+json' });
    const watch = await rawRequest(sb, 'GET', `${base}?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dmeta-only&resourceVersion=${created.json.metadata.resourceVersion}`, {
      accept: as('PartialObjectMetadata'),
    });
    assert.equal((await label).status, 200);
    const events = watch.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { kind: string; apiVersion: string; metadata: { labels?: Record<string, string> } } });
    const modified = events.find((e) => e.type === 'MODIFIED');
    assert.ok(modified, watch.body);
    assert.equal(modified.object.kind, 'PartialObjectMetadata');
    assert.deepEqual(modified.object.metadata.labels, { a: 'c' });
    for (const e of events) assert.equal(e.object.kind, "PartialObjectMetadata", `${e.type} event: ${watch.body}`);

    const wrongGet = await rawRequest(sb, 'GET', `${base}/meta-only`, { accept: as('PartialObjectMetadataList') });
    assert.equal(wrongGet.status, 406);
    assert.match(wrongGet.json.message, /you requested PartialObjectMetadataList, but the requested object is not a list/);
    const wrongWatch = await rawRequest(sb, 'GET', `${base}?watch=1&timeoutSeconds=1`, { accept: as('PartialObjectMetadataList') });
    assert.equal(wrongWatch.status, 406, 'a watch whose events cannot be lists is refused before it starts');

    const deleted = await rawRequest(sb, 'DELETE', `${base}/meta-only`, { accept: as('PartialObjectMetadata') });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.json.kind, 'Status', 'a Status answer is never transformed, as upstream');
    assert.equal(deleted.json.status, 'Success');

    const wrongList = await rawRequest(sb, 'GET', base, { accept: as('PartialObjectMetadata') });
    assert.equal(wrongList.status, 406);
    assert.equal(wrongList.json.reason, 'NotAcceptable');
    assert.match(wrongList.json.message, /you requested PartialObjectMetadata, but the requested object is a list/);
  });

  it('keeps acknowledged writes across kill -9', async () => {
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    for (let i = 0; i < 20; i++) await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `durable-${i}` } } });
    await sb.kill9();
    await sb.restart();
    const list = await api.listNamespacedConfigMap({ namespace: 'default' });
    const names = new Set(list.items.map((c) => c.metadata!.name));
    for (let i = 0; i < 20; i++) assert.ok(names.has(`durable-${i}`), `durable-${i} survived`);
  });
});
