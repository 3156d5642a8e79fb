// PersistentVolume and StorageClass strategies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { persistentVolumeStrategy as pvS } from './pv.js';
import { storageClassStrategy as scS } from './storage-class.js';
import { create, update } from './test-helpers.js';

function pv(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = { metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } };
  mut(o);
  return o;
}

function sc(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = { metadata: { name: 'standard' }, provisioner: 'ordinal.dev/hostpath' };
  mut(o);
  return o;
}

describe('persistentvolume', () => {
  it('defaults reclaim policy Retain, volumeMode, Pending phase', () => {
    const { obj, errors } = create(pvS, pv());
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(obj.spec.volumeMode, 'Filesystem');
    assert.equal(obj.status.phase, 'Pending');
  });
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'no capacity', mut: (o) => delete o.spec.capacity, want: ['spec.capacity: Required value'] },
    { name: 'non-storage capacity', mut: (o) => (o.spec.capacity = { cpu: '1' }), want: ['spec.capacity: Unsupported value: map[cpu:1]: supported values: "storage"'] },
    { name: 'no access modes', mut: (o) => delete o.spec.accessModes, want: ['spec.accessModes: Required value'] },
    { name: 'no source', mut: (o) => delete o.spec.hostPath, want: ['spec: Required value: must specify a volume type'] },
    { name: 'two sources', mut: (o) => (o.spec.nfs = { server: 's', path: '/' }), want: ['spec.nfs: Forbidden: may not specify more than 1 volume type'] },
    { name: 'namespace forbidden', mut: (o) => (o.metadata.namespace = 'default'), want: ['metadata.namespace: Forbidden: not allowed on this type'] },
    { name: 'bad reclaim policy', mut: (o) => (o.spec.persistentVolumeReclaimPolicy = 'Keep'), want: ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(pvS, pv(c.mut)).errors, c.want));
  it('source is immutable', () => {
    const { errors } = update(pvS, pv(), (o) => (o.spec.hostPath.path = '/other'));
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.startsWith('spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n'));
  });
});

describe('storageclass', () => {
  it('defaults reclaimPolicy Delete and volumeBindingMode Immediate', () => {
    const { obj, errors } = create(scS, sc());
    assert.deepEqual(errors, []);
    assert.deepEqual([obj.reclaimPolicy, obj.volumeBindingMode], ['Delete', 'Immediate']);
  });
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'no provisioner', mut: (o) => delete o.provisioner, want: ['provisioner: Required value'] },
    { name: 'bad reclaim policy', mut: (o) => (o.reclaimPolicy = 'Recycle'), want: ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'] },
    { name: 'bad binding mode', mut: (o) => (o.volumeBindingMode = 'Later'), want: ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(scS, sc(c.mut)).errors, c.want));
  const updates: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'labels may change', mut: (o) => (o.metadata.labels = { a: 'b' }), want: [] },
    { name: 'provisioner', mut: (o) => (o.provisioner = 'other.dev/x'), want: ['provisioner: Forbidden: updates to provisioner are forbidden.'] },
    { name: 'parameters', mut: (o) => (o.parameters = { type: 'ssd' }), want: ['parameters: Forbidden: updates to parameters are forbidden.'] },
    { name: 'reclaimPolicy', mut: (o) => (o.reclaimPolicy = 'Retain'), want: ['reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.'] },
    { name: 'volumeBindingMode', mut: (o) => (o.volumeBindingMode = 'WaitForFirstConsumer'), want: ['volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable'] },
  ];
  for (const c of updates) it(`update: ${c.name}`, () => assert.deepEqual(update(scS, sc(), c.mut).errors, c.want));
});
