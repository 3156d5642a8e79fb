import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { findBestMatch, volumeMismatch } from './matching.js';
import { isManagedPath } from './volume-dirs.js';

const pvc = (spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'c', namespace: 'ns', uid: 'u1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'x', ...spec },
});
const pv = (name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject => ({
  metadata: { name, labels },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'x', ...spec },
});

test('findBestMatch', () => {
  const cases: Array<{ name: string; claim: KubeObject; pvs: KubeObject[]; delay?: boolean; want?: string }> = [
    { name: 'smallest that fits', claim: pvc(), pvs: [pv('a', { capacity: { storage: '5Gi' } }), pv('b', { capacity: { storage: '2Gi' } }), pv('c', { capacity: { storage: '500Mi' } })], want: 'b' },
    { name: 'class must match', claim: pvc(), pvs: [pv('a', { storageClassName: 'y' })] },
    { name: 'access modes must be offered', claim: pvc({ accessModes: ['ReadWriteMany'] }), pvs: [pv('a')] },
    { name: 'volume mode must match', claim: pvc({ volumeMode: 'Block' }), pvs: [pv('a')] },
    { name: 'selector', claim: pvc({ selector: { matchLabels: { t: 'g' } } }), pvs: [pv('a', {}, { t: 'b' }), pv('b', { capacity: { storage: '9Gi' } }, { t: 'g' })], want: 'b' },
    { name: 'claimed by another', claim: pvc(), pvs: [pv('a', { claimRef: { namespace: 'ns', name: 'other' } })] },
    { name: 'pre-bound wins over smaller', claim: pvc(), pvs: [pv('a'), pv('b', { capacity: { storage: '9Gi' }, claimRef: { namespace: 'ns', name: 'c' } })], want: 'b' },
    { name: 'pre-bound to an older claim uid', claim: pvc(), pvs: [pv('a', { claimRef: { namespace: 'ns', name: 'c', uid: 'old' } })] },
    { name: 'delayed binding only takes pre-bound volumes', claim: pvc(), pvs: [pv('a')], delay: true },
    { name: 'delayed binding, scheduler pre-bound', claim: pvc(), pvs: [pv('a', { claimRef: { namespace: 'ns', name: 'c', uid: 'u1' } })], delay: true, want: 'a' },
    { name: 'deleting volumes are skipped', claim: pvc(), pvs: [{ ...pv('a'), metadata: { name: 'a', deletionTimestamp: 'now' } }] },
  ];
  for (const c of cases) assert.equal(findBestMatch(c.claim, c.pvs, c.delay ?? false)?.metadata.name, c.want, c.name);
});

test('volumeMismatch explains why a requested volume cannot serve the claim', () => {
  assert.equal(volumeMismatch(pv('a', { capacity: { storage: '1Mi' } }), pvc()), 'requested PV is too small');
  assert.equal(volumeMismatch(pv('a', { storageClassName: 'y' }), pvc()), 'storageClassName does not match');
  assert.equal(volumeMismatch(pv('a', { volumeMode: 'Block' }), pvc()), 'incompatible volumeMode');
  assert.equal(volumeMismatch(pv('a', { accessModes: ['ReadOnlyMany'] }), pvc()), 'incompatible accessMode');
  assert.equal(volumeMismatch(pv('a'), pvc()), undefined);
});

test('isManagedPath only accepts paths strictly inside <dataDir>/volumes', () => {
  const cases: Array<[string, boolean]> = [
    ['/d/volumes/pvc-1', true],
    ['/d/volumes/pvc-1/sub', true],
    ['/d/volumes', false],
    ['/d/volumes/../etc', false],
    ['/d/volumesx/a', false],
    ['/home', false],
  ];
  for (const [p, want] of cases) assert.equal(isManagedPath('/d', p), want, p);
});
