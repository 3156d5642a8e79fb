import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../apimachinery/errors.js';
import { ServiceIpAllocator, allocateClusterIp, releaseClusterIp } from './service-ip.js';

test('static allocations, conflicts and range checks', () => {
  const a = new ServiceIpAllocator('10.96.0.0/12');
  assert.equal(a.allocate('10.96.0.1'), '10.96.0.1');
  assert.equal(a.allocate('10.96.0.10'), '10.96.0.10');
  assert.throws(() => a.allocate('10.96.0.10'), /provided IP is already allocated/);
  assert.throws(() => a.allocate('10.96.0.0'), /the provided IP \(10.96.0.0\) is not in the valid range. The range of valid IPs is 10.96.0.0\/12/);
  assert.throws(() => a.allocate('10.112.0.0'), /not in the valid range/);
  assert.throws(() => a.allocate('10.111.255.255'), /not in the valid range/, 'broadcast');
  assert.equal(a.allocate('10.111.255.254'), '10.111.255.254');
});

test('dynamic allocation avoids the static lower band while the upper band has room', () => {
  const a = new ServiceIpAllocator('10.96.0.0/24', () => 0);
  // /24: size 256, band = max(16, 16) = 16 → offsets 1..16 are static.
  const got = a.allocate();
  assert.equal(got, '10.96.0.17');
  for (let i = 0; i < 300; i++) {
    try {
      a.allocate();
    } catch {
      break;
    }
  }
  assert.equal(a.free, 0, 'falls back to the static band, then is full');
  assert.throws(() => a.allocate(), /range is full/);
  a.release('10.96.0.5');
  assert.equal(a.allocate(), '10.96.0.5');
});

test('random dynamic addresses are unique', () => {
  const a = new ServiceIpAllocator('10.96.0.0/16');
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) seen.add(a.allocate());
  assert.equal(seen.size, 2000);
});

test('allocateClusterIp admission: headless, requested, dynamic, ExternalName and errors', () => {
  const a = new ServiceIpAllocator('10.96.0.0/12');
  a.rebuild([{ metadata: { name: 'kubernetes' }, spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'] } }]);
  const headless = { metadata: { name: 'nginx' }, spec: { clusterIP: 'None' } };
  allocateClusterIp(headless, a);
  assert.deepEqual(headless.spec, { clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  const dns: any = { metadata: { name: 'kube-dns' }, spec: { clusterIP: '10.96.0.10' } };
  allocateClusterIp(dns, a);
  assert.deepEqual(dns.spec.clusterIPs, ['10.96.0.10']);
  const dyn: any = { metadata: { name: 'web' }, spec: {} };
  allocateClusterIp(dyn, a);
  assert.match(dyn.spec.clusterIP, /^10\.(9[6-9]|10\d|11[01])\./);
  const ext: any = { metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
  allocateClusterIp(ext, a);
  assert.equal(ext.spec.clusterIP, undefined);
  const dup = { metadata: { name: 'kubernetes2' }, spec: { clusterIP: '10.96.0.1' } };
  assert.throws(
    () => allocateClusterIp(dup, a),
    (e: unknown) =>
      e instanceof ApiError && e.code === 422 &&
      /^Service "kubernetes2" is invalid: spec.clusterIPs: Invalid value: .*"10.96.0.1".*: failed to allocate IP 10.96.0.1: provided IP is already allocated$/.test(e.message),
  );
  releaseClusterIp(dns, a);
  assert.equal(a.has('10.96.0.10'), false);
});
