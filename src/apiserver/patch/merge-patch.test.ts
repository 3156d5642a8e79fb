// RFC 7386 merge patch: the RFC's Appendix A examples plus kubectl's merge-patch bodies
// (label, annotate, scale) and the decode errors kube-apiserver returns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, BAD_JSON_PATCH, mergePatch } from './merge-patch.js';

const rfcExamples: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

for (const [i, [doc, patch, want]] of rfcExamples.entries()) {
  void test(`merge patch RFC 7386 example ${i + 1}: ${JSON.stringify(patch)}`, () => {
    assert.deepEqual(mergePatch(doc, patch as any), want);
  });
}

const sts = () => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, annotations: { a: '1' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] } } },
});

const kubectlCases: Array<{ name: string; body: string; want: (o: any) => void }> = [
  { name: 'kubectl label', body: '{"metadata":{"labels":{"env":"prod"}}}', want: (o) => (o.metadata.labels.env = 'prod') },
  { name: 'kubectl label tier-', body: '{"metadata":{"labels":{"tier":null}}}', want: (o) => delete o.metadata.labels.tier },
  { name: 'kubectl annotate --overwrite', body: '{"metadata":{"annotations":{"a":"2"}}}', want: (o) => (o.metadata.annotations.a = '2') },
  { name: 'kubectl scale (on /scale)', body: '{"spec":{"replicas":5}}', want: (o) => (o.spec.replicas = 5) },
  {
    name: 'arrays replace wholesale, no merge by name',
    body: '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}',
    want: (o) => (o.spec.template.spec.containers = [{ name: 'nginx', image: 'nginx:1.25' }]),
  },
  { name: 'new nested object has its nulls pruned', body: '{"status":{"ready":1,"gone":null}}', want: (o) => (o.status = { ready: 1 }) },
];

for (const c of kubectlCases) {
  void test(`merge patch: ${c.name}`, () => {
    const original = sts();
    const want = sts();
    c.want(want);
    assert.deepEqual(applyMergePatch(original, c.body), want);
    assert.deepEqual(original, sts(), 'original must not be mutated');
  });
}

for (const body of ['{"a":', 'null', '"x"', '5', 'true', '']) {
  void test(`merge patch: ${JSON.stringify(body)} is 400 "${BAD_JSON_PATCH}"`, () => {
    assert.throws(
      () => applyMergePatch({ a: 1 }, body),
      (e: any) => e.code === 400 && e.status.reason === 'BadRequest' && e.message === 'Invalid JSON Patch',
    );
  });
}

void test('merge patch: a "__proto__" key is stored as data, never as a prototype', () => {
  const got = applyMergePatch({ metadata: {} }, '{"metadata":{"__proto__":{"polluted":"yes"}}}') as any;
  assert.equal(Object.getPrototypeOf(got.metadata), Object.prototype);
  assert.deepEqual(Object.keys(got.metadata), ['__proto__']);
  assert.equal(({} as any).polluted, undefined);
});
