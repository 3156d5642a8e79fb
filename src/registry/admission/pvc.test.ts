import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { persistentVolumeClaimStrategy as s } from './pvc.js';
import { create, update } from './test-helpers.js';

function pvc(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = { metadata: { name: 'www-web-0', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
  mut(o);
  return o;
}

describe('pvc create', () => {
  it('defaults volumeMode and Pending phase', () => {
    const { obj } = create(s, pvc());
    assert.equal(obj.spec.volumeMode, 'Filesystem');
    assert.deepEqual(obj.status, { phase: 'Pending' });
  });
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'valid', mut: () => {}, want: [] },
    { name: 'no access modes', mut: (o) => (o.spec.accessModes = []), want: ['spec.accessModes: Required value: at least 1 access mode is required'] },
    { name: 'bad access mode', mut: (o) => (o.spec.accessModes = ['RWO']), want: ['spec.accessModes: Unsupported value: "RWO": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'] },
    { name: 'no storage request', mut: (o) => (o.spec.resources = {}), want: ['spec.resources[storage]: Required value'] },
    { name: 'zero storage', mut: (o) => (o.spec.resources.requests.storage = '0'), want: ['spec.resources[storage]: Invalid value: "0": must be greater than zero'] },
    { name: 'bad volumeMode', mut: (o) => (o.spec.volumeMode = 'Raw'), want: ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(s, pvc(c.mut)).errors, c.want));
});

describe('pvc update', () => {
  const bound = (o: any): void => {
    o.status = { phase: 'Bound', capacity: { storage: '1Gi' } };
  };
  function run(mut: (o: any) => void, status?: (o: any) => void): string[] {
    const base = create(s, pvc()).obj;
    base.metadata.uid = 'u';
    if (status) status(base);
    const obj = structuredClone(base);
    mut(obj);
    s.prepareForUpdate!(obj, base);
    s.defaults!(obj);
    return s.validateUpdate!(obj, base).map((e) => `${e.field}: ${e.type}${e.detail ? `: ${e.detail.split('\n')[0]}` : ''}`);
  }
  it('bound claim may grow', () => assert.deepEqual(run((o) => (o.spec.resources.requests.storage = '2Gi'), bound), []));
  it('bound claim may not shrink below capacity', () =>
    assert.deepEqual(run((o) => (o.spec.resources.requests.storage = '500Mi'), bound), ['spec.resources.requests.storage: FieldValueForbidden: field can not be less than status.capacity']));
  it('unbound claim may not resize', () =>
    assert.deepEqual(run((o) => (o.spec.resources.requests.storage = '2Gi')), ['spec: FieldValueForbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']));
  it('volumeName may be set once', () => assert.deepEqual(run((o) => (o.spec.volumeName = 'pv-1')), []));
  it('accessModes are immutable', () =>
    assert.deepEqual(run((o) => (o.spec.accessModes = ['ReadWriteMany'])), ['spec: FieldValueForbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']));
  it('status is kept on update', () => {
    const r = update(s, pvc(), (o) => (o.status = { phase: 'Bound' }));
    assert.deepEqual(r.obj.status, { phase: 'Pending' });
  });
});
