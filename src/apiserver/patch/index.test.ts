// Content-type dispatch of applyPatch: which flavour runs, what custom resources and
// server-side apply get (415 with upstream's wording), and that `original` is never mutated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPatchTypes, applyPatch, applyPatchForWrite, patchMediaType, PATCH_TYPES } from './index.js';
import { deepCopy } from '../../apimachinery/json-value.js';
import type { KubeObject } from '../../apimachinery/types.js';

const sts = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', uid: 'u1', resourceVersion: '3' },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } },
});

const builtIn = { kind: 'StatefulSet', isCustomResource: false };
const custom = { kind: 'StatefulSet', isCustomResource: true };
const containersPatch = '{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:2"}]}}}}';

const dispatch: Array<{ name: string; contentType: string; body: string; target: typeof builtIn; want: (o: any) => void }> = [
  {
    name: 'strategic merge merges containers by name',
    contentType: PATCH_TYPES.strategic,
    body: containersPatch,
    target: builtIn,
    want: (o) => (o.spec.template.spec.containers[0].image = 'a:2'),
  },
  {
    name: 'merge patch replaces the containers list',
    contentType: PATCH_TYPES.merge,
    body: containersPatch,
    target: builtIn,
    want: (o) => (o.spec.template.spec.containers = [{ name: 'a', image: 'a:2' }]),
  },
  {
    name: 'merge patch on a custom resource',
    contentType: PATCH_TYPES.merge,
    body: '{"spec":{"replicas":4}}',
    target: custom,
    want: (o) => (o.spec.replicas = 4),
  },
  {
    name: 'json patch',
    contentType: PATCH_TYPES.json,
    body: '[{"op":"replace","path":"/spec/replicas","value":2}]',
    target: custom,
    want: (o) => (o.spec.replicas = 2),
  },
  {
    name: 'content type parameters are ignored',
    contentType: 'application/merge-patch+json; charset=utf-8',
    body: '{"spec":{"replicas":7}}',
    target: builtIn,
    want: (o) => (o.spec.replicas = 7),
  },
  {
    name: 'Buffer bodies are decoded as UTF-8',
    contentType: PATCH_TYPES.strategic,
    body: Buffer.from('{"metadata":{"labels":{"ü":"ö"}}}', 'utf8') as unknown as string,
    target: builtIn,
    want: (o) => (o.metadata.labels = { ü: 'ö' }),
  },
];

for (const c of dispatch) {
  void test(`applyPatch: ${c.name}`, () => {
    const original = sts();
    const want = sts() as any;
    c.want(want);
    assert.deepEqual(applyPatch(c.contentType, original, c.body, c.target), want);
    assert.deepEqual(original, sts(), 'original must not be mutated');
  });
}

const rejected: Array<{ name: string; contentType: string; target: typeof builtIn; message: string }> = [
  {
    name: 'strategic merge patch on a custom resource',
    contentType: PATCH_TYPES.strategic,
    target: custom,
    message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json',
  },
  {
    name: 'unknown content type',
    contentType: 'application/json',
    target: builtIn,
    message:
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
  },
  {
    name: 'server-side apply names the alternative',
    contentType: PATCH_TYPES.apply,
    target: builtIn,
    message:
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; server-side apply (application/apply-patch+yaml) is not supported by this server; use client-side apply (kubectl apply without --server-side)',
  },
];

for (const c of rejected) {
  void test(`applyPatch 415: ${c.name}`, () => {
    assert.throws(
      () => applyPatch(c.contentType, sts(), '{}', c.target),
      (e: any) => e.code === 415 && e.status.reason === 'UnsupportedMediaType' && e.message === c.message,
    );
  });
}

void test('applyPatch: a JSON patch that replaces the root with a non-object is 422 Invalid on "patch"', () => {
  assert.throws(
    () => applyPatch(PATCH_TYPES.json, sts(), '[{"op":"replace","path":"","value":[1]}]', builtIn),
    (e: any) => {
      assert.equal(e.code, 422);
      assert.equal(e.status.reason, 'Invalid');
      assert.equal(e.status.details.causes[0].field, 'patch');
      assert.match(e.message, /^ "" is invalid: patch: Invalid value: "\[1\]": json: cannot unmarshal array into Go value of type map\[string\]interface \{\}$/);
      return true;
    },
  );
});

void test('applyPatch: a merge patch that is an array is 422 Invalid', () => {
  assert.throws(() => applyPatch(PATCH_TYPES.merge, sts(), '[]', builtIn), (e: any) => e.code === 422 && e.status.reason === 'Invalid');
});

void test('applyPatch: malformed bodies are 400 for every flavour', () => {
  for (const ct of [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic]) {
    assert.throws(() => applyPatch(ct, sts(), '{nope', builtIn), (e: any) => e.code === 400 && e.status.reason === 'BadRequest', ct);
  }
});

void test('patchMediaType and acceptedPatchTypes', () => {
  assert.equal(patchMediaType('application/json-patch+json;charset=utf-8'), 'application/json-patch+json');
  assert.equal(patchMediaType('application/merge-patch+json'), 'application/merge-patch+json');
  assert.deepEqual(acceptedPatchTypes({ isCustomResource: true }), [PATCH_TYPES.json, PATCH_TYPES.merge]);
});

const written: Array<{ name: string; contentType: string; body: string; want: unknown }> = [
  {
    name: 'strategic merge: the body without its directives',
    contentType: PATCH_TYPES.strategic,
    body: '{"$setElementOrder/conditions":[{"type":"Ready"}],"status":{"conditions":[{"type":"Ready","$patch":"delete"}],"$retainKeys":["conditions"]},"metadata":{"$deleteFromPrimitiveList/finalizers":["f"]}}',
    want: { status: { conditions: [{ type: 'Ready' }] }, metadata: {} },
  },
  { name: 'merge patch: the body, where `$patch` is an ordinary key', contentType: PATCH_TYPES.merge, body: '{"spec":{"$patch":"x","replicas":null}}', want: { spec: { $patch: 'x', replicas: null } } },
  { name: 'JSON patch: nothing (copy/move place values the body lacks)', contentType: PATCH_TYPES.json, body: '[{"op":"copy","from":"/metadata/name","path":"/metadata/generateName"}]', want: undefined },
];

for (const c of written) {
  test(`applyPatchForWrite reports what the patch writes: ${c.name}`, () => {
    const original = sts();
    const out = applyPatchForWrite(c.contentType, original, c.body, builtIn);
    assert.deepEqual(out.written, c.want);
    assert.deepEqual(original, sts(), 'original untouched');
    assert.notEqual(out.patched.metadata, original.metadata, 'the result is a copy');
  });
}

test('deepCopy copies JSON by hand and keeps `__proto__` an ordinary key', () => {
  const src = JSON.parse('{"a":[1,{"b":null}],"__proto__":{"polluted":true},"u":"x"}');
  const copy = deepCopy(src);
  assert.deepEqual(copy, src);
  assert.notEqual(copy.a, src.a);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.keys(copy), ['a', '__proto__', 'u']);
  const d = new Date(0);
  assert.notEqual(deepCopy({ d }).d, d);
  assert.equal(deepCopy({ d }).d.getTime(), 0);
});
