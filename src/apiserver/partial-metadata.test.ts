import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { StoredObject } from '../store/store.js';
import { requestedView, wantsTable } from './codec.js';
import { isMetadataView, partialList, partialObject, type MetadataView } from './partial-metadata.js';

/** What client-go's metadata client sends (k8s.io/client-go/metadata). */
const METADATA_CLIENT = 'application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const KUBECTL_GET = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

test('requestedView takes the first clause of the Accept header that asks for a view the server renders', () => {
  assert.deepEqual(requestedView(METADATA_CLIENT), { as: 'PartialObjectMetadata', version: 'v1' });
  assert.deepEqual(requestedView('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1'), { as: 'PartialObjectMetadataList', version: 'v1beta1' });
  assert.deepEqual(requestedView(KUBECTL_GET), { as: 'Table', version: 'v1' });
  assert.equal(wantsTable(KUBECTL_GET), true);
  // The client's order decides: a Table listed after PartialObjectMetadata is not what it prefers.
  assert.deepEqual(requestedView(`${METADATA_CLIENT.split(',')[1]},${KUBECTL_GET}`), { as: 'PartialObjectMetadata', version: 'v1' });
  assert.equal(wantsTable(`${METADATA_CLIENT.split(',')[1]},${KUBECTL_GET}`), false);
  // Views of other groups or versions, and unknown views, are passed over.
  assert.equal(requestedView('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v2,application/json'), undefined);
  assert.equal(requestedView('application/json;as=Table;g=example.com;v=v1'), undefined);
  assert.deepEqual(requestedView('application/json;as=Nonsense;g=meta.k8s.io;v=v1, application/json;as=Table;g=meta.k8s.io;v=v1'), { as: 'Table', version: 'v1' });
  assert.equal(requestedView('application/json'), undefined);
  assert.equal(requestedView(undefined), undefined);
});

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u0', controller: true }] },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  status: { phase: 'Running' },
};
const stored = (o: KubeObject): StoredObject => ({ resource: 'pods', namespace: 'default', name: o.metadata.name!, rv: 7, obj: o, json: JSON.stringify(o) });
const single: MetadataView = { as: 'PartialObjectMetadata', version: 'v1' };
const list: MetadataView = { as: 'PartialObjectMetadataList', version: 'v1beta1' };

test('an object as PartialObjectMetadata keeps all of its metadata and nothing else', () => {
  assert.equal(isMetadataView(single), true);
  assert.equal(isMetadataView({ as: 'Table', version: 'v1' }), false);
  assert.deepEqual(partialObject(single, pod), { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
});

test('a list page as PartialObjectMetadataList carries the page’s resourceVersion, continue token and remaining count', () => {
  const page = { items: [stored(pod)], resourceVersion: '9', continue: 'tok', remainingItemCount: 3 };
  assert.deepEqual(partialList(list, page), {
    kind: 'PartialObjectMetadataList',
    apiVersion: 'meta.k8s.io/v1beta1',
    metadata: { resourceVersion: '9', continue: 'tok', remainingItemCount: 3 },
    items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1', metadata: pod.metadata }],
  });
  assert.deepEqual(partialList(list, { items: [], resourceVersion: '9' }).metadata, { resourceVersion: '9' });
});

test('a single object asked for as a list, or a list as a single object, is 406 Not Acceptable', () => {
  const notAcceptable = (message: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 406 && e.reason === 'NotAcceptable' && message.test(e.message);
  assert.throws(() => partialObject(list, pod), notAcceptable(/you requested PartialObjectMetadataList, but the requested object is not a list/));
  assert.throws(() => partialList(single, { items: [], resourceVersion: '1' }), notAcceptable(/you requested PartialObjectMetadata, but the requested object is a list/));
});
