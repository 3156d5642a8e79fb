// RFC 6902 JSON patch with kube-apiserver's error mapping: decode failures are 400 with Go's
// decoder text, more than 10000 operations is 413, and any operation that does not apply is the
// generic 422 (empty details), which is what clients using `test` as a precondition rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';

const pod = () => ({
  metadata: { name: 'web-0', resourceVersion: '5', labels: { app: 'web' }, annotations: { 'a/b': 'x' } },
  spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'nginx', image: 'nginx:1.24' }] },
});

const ok: Array<{ name: string; ops: unknown[]; want: (o: any) => void }> = [
  { name: 'replace', ops: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.25' }], want: (o) => (o.spec.containers[0].image = 'nginx:1.25') },
  { name: 'add a label', ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }], want: (o) => (o.metadata.labels.tier = 'fe') },
  { name: 'append to a list', ops: [{ op: 'add', path: '/spec/containers/-', value: { name: 's' } }], want: (o) => o.spec.containers.push({ name: 's' }) },
  { name: 'remove', ops: [{ op: 'remove', path: '/spec/nodeSelector' }], want: (o) => delete o.spec.nodeSelector },
  { name: 'escaped path', ops: [{ op: 'remove', path: '/metadata/annotations/a~1b' }], want: (o) => delete o.metadata.annotations['a/b'] },
  {
    name: 'test as a precondition, then change',
    ops: [
      { op: 'test', path: '/metadata/resourceVersion', value: '5' },
      { op: 'replace', path: '/metadata/labels/app', value: 'db' },
    ],
    want: (o) => (o.metadata.labels.app = 'db'),
  },
  { name: 'move', ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }], want: (o) => (o.metadata.labels = { name: 'web' }) },
  { name: 'copy', ops: [{ op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/name' }], want: (o) => (o.metadata.labels.name = 'web') },
  { name: 'empty patch', ops: [], want: () => undefined },
];

for (const c of ok) {
  void test(`json patch: ${c.name}`, () => {
    const original = pod();
    const want = pod();
    c.want(want);
    assert.deepEqual(applyJsonPatch(original, JSON.stringify(c.ops)), want);
    assert.deepEqual(original, pod(), 'original must not be mutated');
  });
}

const notApplied: Array<{ name: string; ops: unknown[] }> = [
  { name: 'failing test', ops: [{ op: 'test', path: '/metadata/resourceVersion', value: '4' }] },
  { name: 'test of a missing path', ops: [{ op: 'test', path: '/metadata/uid', value: 'x' }] },
  { name: 'remove a missing path', ops: [{ op: 'remove', path: '/spec/affinity' }] },
  { name: 'replace a missing key', ops: [{ op: 'replace', path: '/spec/hostname', value: 'x' }] },
  { name: 'add under a missing parent', ops: [{ op: 'add', path: '/spec/affinity/nodeAffinity', value: {} }] },
  { name: 'index out of bounds', ops: [{ op: 'add', path: '/spec/containers/5', value: {} }] },
  { name: 'unknown op', ops: [{ op: 'frobnicate', path: '/spec' }] },
  { name: 'path without leading slash', ops: [{ op: 'add', path: 'spec/x', value: 1 }] },
  { name: 'null operation', ops: [null] },
  { name: 'later op fails: nothing applied', ops: [{ op: 'add', path: '/metadata/labels/x', value: '1' }, { op: 'remove', path: '/nope' }] },
];

for (const c of notApplied) {
  void test(`json patch not applied (422): ${c.name}`, () => {
    const original = pod();
    assert.throws(
      () => applyJsonPatch(original, JSON.stringify(c.ops)),
      (e: any) => {
        assert.equal(e.code, 422);
        assert.equal(e.status.reason, 'Invalid');
        assert.equal(e.message, 'the server rejected our request due to an error in our request');
        assert.deepEqual(e.status.details, {});
        return true;
      },
    );
    assert.deepEqual(original, pod());
  });
}

const undecodable: Array<{ name: string; body: string; message: string }> = [
  { name: 'object body', body: '{"op":"add"}', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
  { name: 'string element', body: '["x"]', message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' },
  { name: 'syntax error', body: '[{"op":"add",}]', message: "invalid character '}' looking for beginning of object key string" },
  { name: 'empty body', body: '', message: 'unexpected end of JSON input' },
];

for (const c of undecodable) {
  void test(`json patch undecodable (400): ${c.name}`, () => {
    assert.throws(
      () => applyJsonPatch(pod(), c.body),
      (e: any) => e.code === 400 && e.status.reason === 'BadRequest' && e.message === c.message,
    );
  });
}

void test('json patch: more than 10000 operations is 413', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/metadata/name', value: 'web-0' }));
  assert.throws(
    () => applyJsonPatch(pod(), JSON.stringify(ops)),
    (e: any) => e.code === 413 && e.status.reason === 'RequestEntityTooLarge' && e.message === 'The allowed maximum operations in a JSON patch is 10000, got 10001',
  );
});
