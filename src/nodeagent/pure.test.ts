// Table tests of the node agent's pure helpers: CIDRs, images, back-off, timings, the timer heap,
// probe ticks, the per-node IP allocator and timestamps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../controller/clock.js';
import { isInBackOffSince, nextBackoff, type BackoffEntry } from './backoff.js';
import { effectivePullPolicy, imageIdFor, isBrokenImage, newContainerId, normalizeImage } from './images.js';
import { PerNodeIpAllocator } from './ip-allocator.js';
import { nodeInternalIp, podCidrFor, zoneFor } from './node-network.js';
import { nextProbeTick } from './probes.js';
import { rfc3339Seconds } from './rfc3339.js';
import { TimerHeap } from './timer-heap.js';
import { PERIODIC_FLOOR_MS, scaleTimings } from './timings.js';

test('pod CIDRs, node IPs and zones by node index', () => {
  assert.equal(podCidrFor(0), '10.244.0.0/24');
  assert.equal(podCidrFor(7), '10.244.7.0/24');
  assert.equal(podCidrFor(255), '10.244.255.0/24');
  assert.throws(() => podCidrFor(256), /has no \/24 subnet number 256/);
  assert.equal(podCidrFor(1, '10.0.0.0/8', 16), '10.1.0.0/16');
  assert.equal(nodeInternalIp(0), '172.18.0.2');
  assert.equal(nodeInternalIp(300), '172.18.1.46');
  assert.deepEqual([0, 1, 2, 3].map((i) => zoneFor(i)), ['zone-a', 'zone-b', 'zone-c', 'zone-a']);
});

test('image references normalize like containerd and hash stably', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['bitnami/zookeeper:3.9', 'docker.io/bitnami/zookeeper:3.9'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
  ];
  for (const [input, want] of cases) assert.equal(normalizeImage(input), want);
  assert.equal(imageIdFor('nginx:1.25'), imageIdFor('docker.io/library/nginx:1.25'));
  assert.notEqual(imageIdFor('nginx:1.25'), imageIdFor('nginx:1.26'));
  // Remembered per (reference, retag mode): asking again gives the same answer, the modes stay apart.
  assert.equal(imageIdFor('nginx:1.26', true), imageIdFor('nginx:1.25', true));
  assert.notEqual(imageIdFor('nginx:1.26', true), imageIdFor('nginx:1.26'));
  assert.equal(imageIdFor('nginx:1.26'), imageIdFor('nginx:1.26'));
  const ids = Array.from({ length: 300 }, () => newContainerId());
  assert.ok(ids.every((id) => /^containerd:\/\/[0-9a-f]{64}$/.test(id)), ids[0]);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(isBrokenImage('nginx:1.25-broken'));
  assert.ok(!isBrokenImage('broken-app:1.0'));
  assert.equal(effectivePullPolicy({ image: 'nginx' }), 'Always');
  assert.equal(effectivePullPolicy({ image: 'nginx:1.25' }), 'IfNotPresent');
  assert.equal(effectivePullPolicy({ image: 'nginx:1.25', imagePullPolicy: 'Never' }), 'Never');
});

test('kubelet back-off: 10s, 20s, ... capped at 5m, forgotten after 10m', () => {
  const limits = { initial: 10_000, max: 300_000 };
  let e: BackoffEntry | undefined;
  const seen: number[] = [];
  for (let i = 0; i < 7; i++) {
    e = nextBackoff(e, i * 1000, i * 1000, limits);
    seen.push(e.backoff);
  }
  assert.deepEqual(seen, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  assert.ok(isInBackOffSince(e, 6000, 6000 + 299_999, limits));
  assert.ok(!isInBackOffSince(e, 6000, 6000 + 300_000, limits));
  assert.equal(nextBackoff(e, 6000 + 600_001, 6000 + 600_001, limits).backoff, 10_000);
});

test('timings parse durations, scale, and keep a floor for periodic work', () => {
  const t = scaleTimings({ imagePull: '500ms', containerStart: 0, leaseRenew: '10s' }, 0.001);
  assert.equal(t.imagePull, 0.5);
  assert.equal(t.containerStart, 0);
  assert.equal(t.leaseRenew, PERIODIC_FLOOR_MS);
  assert.equal(scaleTimings({}, 2).imagePull, 4000);
  assert.throws(() => scaleTimings({}, 0), /time scale/);
  assert.throws(() => scaleTimings({ imagePull: 'soon' }), /invalid duration/);
});

test('the timer heap fires in deadline order on one host timer and honours cancel', () => {
  const clock = new FakeClock();
  const heap = new TimerHeap(clock);
  const fired: string[] = [];
  heap.after(300, () => fired.push('c'));
  heap.after(100, () => fired.push('a'));
  const b = heap.after(200, () => fired.push('b'));
  heap.after(100, () => fired.push('a2'));
  assert.equal(clock.pendingTimers(), 1);
  b.cancel();
  clock.step(1000);
  assert.deepEqual(fired, ['a', 'a2', 'c']);
});

test('probe ticks sit on the startedAt + k·period grid past the initial delay', () => {
  assert.equal(nextProbeTick(0, 0, 10_000, 0), 0);
  assert.equal(nextProbeTick(0, 0, 10_000, 5000), 10_000);
  assert.equal(nextProbeTick(0, 12_000, 10_000, 0), 20_000);
  assert.equal(nextProbeTick(0, 20_000, 10_000, 0, 3), 30_000);
});

test('the per-node IP allocator hands out stable, unique IPs from the node CIDR', () => {
  const alloc = new PerNodeIpAllocator();
  const node = { metadata: { name: 'node-3' }, spec: { podCIDR: '10.244.3.0/24' } };
  const pod = (uid: string) => ({ metadata: { uid, name: uid, namespace: 'd' } });
  const a = alloc.allocateIp(pod('a'), node);
  assert.equal(a, '10.244.3.2');
  assert.equal(alloc.allocateIp(pod('a'), node), a);
  assert.equal(alloc.allocateIp(pod('b'), node), '10.244.3.3');
  alloc.releaseIp(pod('a'));
  assert.equal(alloc.allocateIp(pod('c'), node), '10.244.3.4', 'a freed IP is not reused at once');
  assert.throws(() => alloc.allocateIp(pod('x'), { metadata: { name: 'n' }, spec: {} }), /no spec.podCIDR/);
});

test('rfc3339Seconds truncates to the second, also when the same second is asked again', () => {
  const cases: Array<[number, string]> = [
    [0, '1970-01-01T00:00:00Z'],
    [1_714_564_800_999, '2024-05-01T12:00:00Z'],
    [1_714_564_800_000, '2024-05-01T12:00:00Z'],
    [1_714_564_801_000, '2024-05-01T12:00:01Z'],
    [1_714_564_800_500, '2024-05-01T12:00:00Z'],
  ];
  for (const [ms, want] of cases) assert.equal(rfc3339Seconds(ms), want, String(ms));
});
