import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { formatIp } from '../../network/ipam/ipv4.js';
import { decideRelease, buildClaim, claimOwnerRefs, type IPClaim } from './claim.js';
import { ipPoolOf, isOrdinalWanted, isStickySet, ordinalOf, parseGoDuration, releasePolicyOf, type ReleasePolicy } from './policy.js';

function set(annotations: Record<string, string> = {}, spec: Record<string, unknown> = {}, templateAnnotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'set-uid', annotations },
    spec: { replicas: 3, ...spec, template: { metadata: { annotations: templateAnnotations } } },
  };
}

test('sticky IPs are enabled by the Ordinal or the TKE annotation', () => {
  const cases: Array<[Record<string, string>, boolean]> = [
    [{}, false],
    [{ 'network.ordinal.dev/sticky-ip': 'true' }, true],
    [{ 'network.ordinal.dev/sticky-ip': 'false' }, false],
    [{ 'tke.cloud.tencent.com/enable-static-ip': 'true' }, true],
  ];
  for (const [a, want] of cases) assert.equal(isStickySet(set(a)), want, JSON.stringify(a));
});

test('release policy table (own annotation wins over TKE template annotation)', () => {
  const cases: Array<[Record<string, string>, Record<string, string> | undefined, ReleasePolicy | RegExp]> = [
    [{}, undefined, { kind: 'OnStatefulSetDelete' }],
    [{ 'network.ordinal.dev/ip-release': 'Never' }, undefined, { kind: 'Never' }],
    [{ 'network.ordinal.dev/ip-release': 'OnScaleDown' }, undefined, { kind: 'OnScaleDown' }],
    [{ 'network.ordinal.dev/ip-release': '1h30m' }, undefined, { kind: 'After', ms: 5_400_000, text: '1h30m' }],
    [{ 'network.ordinal.dev/ip-release': 'sometimes' }, undefined, /unsupported network.ordinal.dev\/ip-release "sometimes"/],
    [{}, { 'tke.cloud.tencent.com/vpc-ip-claim-delete-policy': 'Never' }, { kind: 'Never' }],
    [{}, { 'tke.cloud.tencent.com/vpc-ip-claim-delete-policy': 'Immediate' }, { kind: 'After', ms: 0, text: '0s' }],
    [{}, { 'tke.cloud.tencent.com/vpc-ip-claim-delete-policy': 'Later' }, /unsupported tke.cloud.tencent.com\/vpc-ip-claim-delete-policy "Later"/],
    [{ 'network.ordinal.dev/ip-release': 'OnScaleDown' }, { 'tke.cloud.tencent.com/vpc-ip-claim-delete-policy': 'Never' }, { kind: 'OnScaleDown' }],
  ];
  for (const [a, t, want] of cases) {
    const r = releasePolicyOf(set(a, {}, t));
    if (want instanceof RegExp) assert.match('error' in r ? r.error : 'no error', want);
    else assert.deepEqual(r, { policy: want });
  }
});

test('Go durations', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0], ['10m', 600_000], ['10m0s', 600_000], ['1.5h', 5_400_000], ['300ms', 300], ['2h3m4s', 7_384_000],
    ['', undefined], ['10', undefined], ['5d', undefined], ['-1s', undefined],
  ];
  for (const [t, want] of cases) assert.equal(parseGoDuration(t), want, t);
});

test('ordinals and wanted ordinals (apps/v1 start, kruise reserveOrdinals)', () => {
  assert.equal(ordinalOf('web', 'web-12'), 12);
  assert.equal(ordinalOf('web', 'web-01'), undefined);
  assert.equal(ordinalOf('web', 'webx-1'), undefined);
  const cases: Array<[Record<string, unknown>, number[]]> = [
    [{ replicas: 3 }, [0, 1, 2]],
    [{ replicas: 2, ordinals: { start: 5 } }, [5, 6]],
    [{ replicas: 3, reserveOrdinals: [1] }, [0, 2, 3]],
    [{ replicas: 3, reserveOrdinals: ['1-2'] }, [0, 3, 4]],
    [{ replicas: 0 }, []],
  ];
  for (const [spec, want] of cases) {
    const s = set({}, spec);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].filter((o) => isOrdinalWanted(s, o)), want, JSON.stringify(spec));
  }
});

test('ip-pool annotation parsing', () => {
  const r = ipPoolOf(set({ 'network.ordinal.dev/ip-pool': '10.244.200.10-10.244.200.12,10.244.200.40' }));
  assert.ok(r && 'ips' in r);
  assert.deepEqual(r.ips.map(formatIp), ['10.244.200.10', '10.244.200.11', '10.244.200.12', '10.244.200.40']);
  assert.equal(ipPoolOf(set()), undefined);
  assert.match((ipPoolOf(set({ 'network.ordinal.dev/ip-pool': 'x' })) as { error: string }).error, /invalid network.ordinal.dev\/ip-pool "x"/);
});

test('claims carry an owner reference except under Never', () => {
  assert.equal(claimOwnerRefs(set(), { kind: 'Never' }), undefined);
  const refs = claimOwnerRefs(set(), { kind: 'OnStatefulSetDelete' })!;
  assert.deepEqual(refs[0], { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid', controller: true, blockOwnerDeletion: false });
  const c = buildClaim({ podName: 'web-1', namespace: 'default', set: set(), ordinal: 1, ip: '10.244.254.3', policy: { kind: 'OnScaleDown' }, policyText: 'OnScaleDown' });
  assert.equal(c.metadata.name, 'web-1');
  assert.equal(c.metadata.labels!['network.ordinal.dev/statefulset'], 'web');
  assert.deepEqual(c.spec, { ip: '10.244.254.3', statefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid' }, ordinal: 1, releasePolicy: 'OnScaleDown' });
});

test('release decision table', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  const claim = (ordinal: number, releasedAt?: string): IPClaim => ({
    ...buildClaim({ podName: `web-${ordinal}`, namespace: 'default', set: set(), ordinal, ip: '10.244.254.2', policy: { kind: 'OnStatefulSetDelete' }, policyText: '' }),
    status: { phase: 'Released', releasedAt },
  });
  const scaled = set({}, { replicas: 1 });
  const tenMin: ReleasePolicy = { kind: 'After', ms: 600_000, text: '10m' };
  const cases: Array<[string, Parameters<typeof decideRelease>[0], string]> = [
    ['Never keeps even without the set', { claim: claim(2), policy: { kind: 'Never' }, set: undefined, podAlive: false, now }, 'keep'],
    ['set gone deletes', { claim: claim(0), policy: { kind: 'OnStatefulSetDelete' }, set: undefined, podAlive: false, now }, 'delete'],
    ['default keeps a scaled-down ordinal', { claim: claim(2), policy: { kind: 'OnStatefulSetDelete' }, set: scaled, podAlive: false, now }, 'keep'],
    ['OnScaleDown deletes a scaled-down ordinal', { claim: claim(2), policy: { kind: 'OnScaleDown' }, set: scaled, podAlive: false, now }, 'delete'],
    ['OnScaleDown waits for the pod to go', { claim: claim(2), policy: { kind: 'OnScaleDown' }, set: scaled, podAlive: true, now }, 'keep'],
    ['OnScaleDown keeps a wanted ordinal', { claim: claim(0), policy: { kind: 'OnScaleDown' }, set: scaled, podAlive: false, now }, 'keep'],
    ['duration not yet expired', { claim: claim(0, new Date(now - 60_000).toISOString()), policy: tenMin, set: set(), podAlive: false, now }, 'requeue'],
    ['duration expired', { claim: claim(0, new Date(now - 600_000).toISOString()), policy: tenMin, set: set(), podAlive: false, now }, 'delete'],
    ['duration with live pod', { claim: claim(0), policy: tenMin, set: set(), podAlive: true, now }, 'keep'],
  ];
  for (const [name, input, want] of cases) assert.equal(decideRelease(input).action, want, name);
  const rq = decideRelease({ claim: claim(0, new Date(now - 60_000).toISOString()), policy: tenMin, set: set(), podAlive: false, now });
  assert.deepEqual(rq, { action: 'requeue', afterMs: 540_000 });
});
