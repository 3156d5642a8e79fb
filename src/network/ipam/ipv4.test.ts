import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, cidrsOverlap, expandAddressList, formatIp, mustParseCidr, parseCidr, parseIp, parseRange, reverseName, subnetAt, formatCidr } from './ipv4.js';

test('parseIp / formatIp round-trip and rejects malformed input', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0.0.0.0', 0],
    ['10.244.7.9', 0x0af40709],
    ['255.255.255.255', 0xffffffff],
    ['10.244.7', undefined],
    ['10.244.7.256', undefined],
    ['10.244.07.9', undefined],
    ['a.b.c.d', undefined],
    ['1.2.3.4.5', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) {
    assert.equal(parseIp(text), want, text);
    if (want !== undefined) assert.equal(formatIp(want), text);
  }
});

test('parseCidr requires a valid prefix and zero host bits', () => {
  const cases: Array<[string, { base: string; prefix: number; size: number } | undefined]> = [
    ['10.244.0.0/16', { base: '10.244.0.0', prefix: 16, size: 65536 }],
    ['10.96.0.0/12', { base: '10.96.0.0', prefix: 12, size: 1 << 20 }],
    ['10.244.3.0/24', { base: '10.244.3.0', prefix: 24, size: 256 }],
    ['10.244.3.7/32', { base: '10.244.3.7', prefix: 32, size: 1 }],
    ['10.244.3.1/24', undefined],
    ['10.244.0.0/33', undefined],
    ['10.244.0.0', undefined],
    ['10.244.0.0/1/2', undefined],
  ];
  for (const [text, want] of cases) {
    const c = parseCidr(text);
    assert.deepEqual(c && { base: formatIp(c.base), prefix: c.prefix, size: c.size }, want, text);
  }
  assert.throws(() => mustParseCidr('x'), /invalid CIDR address: x/);
});

test('contains, overlap and subnetting', () => {
  const cluster = mustParseCidr('10.244.0.0/16');
  assert.equal(cidrContains(cluster, parseIp('10.244.255.255')!), true);
  assert.equal(cidrContains(cluster, parseIp('10.245.0.0')!), false);
  assert.equal(cidrsOverlap(mustParseCidr('10.244.254.0/23'), mustParseCidr('10.244.255.0/24')), true);
  assert.equal(cidrsOverlap(mustParseCidr('10.244.254.0/23'), mustParseCidr('10.244.253.0/24')), false);
  assert.equal(formatCidr(subnetAt(cluster, 24, 7)!), '10.244.7.0/24');
  assert.equal(subnetAt(cluster, 24, 256), undefined);
  assert.equal(subnetAt(cluster, 8, 0), undefined);
});

test('parseRange accepts a-b, CIDR and single address', () => {
  const show = (t: string) => {
    const r = parseRange(t);
    return r && `${formatIp(r.first)}..${formatIp(r.last)}`;
  };
  assert.equal(show('10.244.200.10-10.244.200.40'), '10.244.200.10..10.244.200.40');
  assert.equal(show('10.0.0.0/30'), '10.0.0.0..10.0.0.3');
  assert.equal(show('10.0.0.9'), '10.0.0.9..10.0.0.9');
  assert.equal(show('10.0.0.9-10.0.0.1'), undefined);
  assert.equal(show('10.0.0.x'), undefined);
});

test('expandAddressList keeps order, dedups and reports bad entries', () => {
  const r = expandAddressList('10.0.0.5, 10.0.0.1-10.0.0.3,10.0.0.2');
  assert.ok('ips' in r);
  assert.deepEqual(r.ips.map(formatIp), ['10.0.0.5', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  assert.deepEqual(expandAddressList('10.0.0.1,nope'), { error: 'invalid address or range "nope"' });
  assert.ok('error' in expandAddressList('10.0.0.0-10.255.255.255'));
});

test('reverseName builds in-addr.arpa names', () => {
  assert.equal(reverseName(parseIp('10.244.1.7')!), '7.1.244.10.in-addr.arpa');
});
