import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResults, parsePath, JsonPathError } from './jsonpath.js';

const doc = {
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'a.b/c': 'x' } },
  spec: {
    replicas: 3,
    paused: false,
    template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] } },
  },
  status: {
    conditions: [
      { type: 'Available', status: 'False', age: 3 },
      { type: 'Ready', status: 'True', age: 10 },
    ],
    nothing: null,
  },
};

test('findResults over the JSONPath subset printer columns use', () => {
  const cases: [string, unknown[]][] = [
    ['.spec.replicas', [3]],
    ['{.spec.replicas}', [3]],
    ['$.spec.replicas', [3]],
    ['.spec.paused', [false]],
    ['.spec.missing', []],
    ['.spec.missing.deeper', []],
    ['.status.nothing', [null]],
    ['.spec.template.spec.containers[*].image', ['nginx', 'busybox']],
    ['.spec.template.spec.containers[0].name', ['a']],
    ['.spec.template.spec.containers[-1].name', ['b']],
    ['.spec.template.spec.containers[5].name', []],
    ['.spec.template.spec.containers[0:1].name', ['a']],
    ['.spec.template.spec.containers.*.name', ['a', 'b']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type=='Available')].status", ['False']],
    ['.status.conditions[?(@.type!="Ready")].type', ['Available']],
    ['.status.conditions[?(@.age>5)].type', ['Ready']],
    ['.status.conditions[?(@.age<=3)].type', ['Available']],
    ['.status.conditions[?(@.type=="Gone")].status', []],
    ['.status.conditions[?(@.age)].type', ['Available', 'Ready']],
    ["..image", ['nginx', 'busybox']],
    [".metadata.labels['app.kubernetes.io/name']", ['web']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['web']],
    ['.metadata.annotations["a.b/c"]', ['x']],
  ];
  for (const [path, want] of cases) assert.deepEqual(findResults(path, doc), want, path);
});

test('parsePath rejects what it cannot evaluate', () => {
  for (const bad of ['.a[', '.a[?(@.x ~ 1)]', '.a[foo]']) {
    assert.throws(() => parsePath(bad), JsonPathError, bad);
  }
});
