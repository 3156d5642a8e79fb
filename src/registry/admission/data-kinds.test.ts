// ConfigMap, Secret and ServiceAccount strategies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configMapStrategy as cmS } from './configmap.js';
import { secretStrategy as secS } from './secret.js';
import { serviceAccountStrategy as saS } from './service-account.js';
import { create, update } from './test-helpers.js';

const meta = { name: 'cfg', namespace: 'default' };
const keyMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('configmap', () => {
  const cases: Array<{ name: string; obj: any; want: string[] }> = [
    { name: 'valid', obj: { metadata: meta, data: { 'app.conf': 'x' } }, want: [] },
    { name: 'bad key', obj: { metadata: meta, data: { 'a b': 'x' } }, want: [`data[a b]: Invalid value: "a b": ${keyMsg}`] },
    { name: 'dot-dot key', obj: { metadata: meta, data: { '..a': 'x' } }, want: ['data[..a]: Invalid value: "..a": must not start with \'..\''] },
    { name: 'key in both', obj: { metadata: meta, data: { k: 'x' }, binaryData: { k: 'eA==' } }, want: ['data[k]: Invalid value: "k": duplicate of key present in binaryData', 'binaryData[k]: Invalid value: "k": duplicate of key present in data'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(cmS, c.obj).errors, c.want));
  it('immutable configmaps are frozen', () => {
    const base = { metadata: meta, data: { k: 'v' }, immutable: true };
    assert.deepEqual(update(cmS, base, (o) => (o.data.k = 'w')).errors, ['data: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(update(cmS, base, (o) => (o.immutable = false)).errors, ['immutable: Forbidden: field is immutable when `immutable` is set']);
    assert.deepEqual(update(cmS, base, (o) => (o.metadata.labels = { a: 'b' })).errors, []);
  });
});

describe('secret', () => {
  it('defaults type Opaque and folds stringData into data', () => {
    const { obj, errors } = create(secS, { metadata: meta, stringData: { password: 'hunter2' } });
    assert.deepEqual(errors, []);
    assert.deepEqual([obj.type, obj.data, obj.stringData], ['Opaque', { password: Buffer.from('hunter2').toString('base64') }, undefined]);
  });
  const cases: Array<{ name: string; obj: any; want: string[] }> = [
    { name: 'tls needs keys', obj: { metadata: meta, type: 'kubernetes.io/tls', data: {} }, want: ['data[tls.key]: Required value', 'data[tls.crt]: Required value'] },
    { name: 'sa token needs annotation', obj: { metadata: meta, type: 'kubernetes.io/service-account-token' }, want: ['metadata.annotations[kubernetes.io/service-account.name]: Required value'] },
    { name: 'bad key', obj: { metadata: meta, data: { 'a/b': 'eA==' } }, want: [`data[a/b]: Invalid value: "a/b": ${keyMsg}`] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(secS, c.obj).errors, c.want));
  it('type is immutable', () => {
    assert.deepEqual(update(secS, { metadata: meta, data: { a: 'eA==' } }, (o) => (o.type = 'kubernetes.io/basic-auth')).errors, [
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      'data[username]: Required value',
      'data[password]: Required value',
    ]);
  });
});

describe('serviceaccount', () => {
  it('validates name and metadata', () => {
    assert.deepEqual(create(saS, { metadata: { name: 'default', namespace: 'default' } }).errors, []);
    assert.deepEqual(create(saS, { metadata: { name: 'default' } }).errors, ['metadata.namespace: Required value']);
    assert.deepEqual(update(saS, { metadata: { name: 'a', namespace: 'default' } }, (o) => (o.metadata.namespace = 'other')).errors, [
      'metadata.namespace: Invalid value: "other": field is immutable',
    ]);
  });
});
