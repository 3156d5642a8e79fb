import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressPool } from './address-pool.js';
import { formatIp, mustParseCidr, parseIp } from './ipv4.js';
import { nodePoolRange } from './config.js';

const ip = (s: string) => parseIp(s)!;

test('node pool skips network, gateway and broadcast; first pod gets .2', () => {
  const r = nodePoolRange(mustParseCidr('10.244.1.0/24'));
  assert.equal(formatIp(r.first), '10.244.1.2');
  assert.equal(formatIp(r.last), '10.244.1.254');
});

test('released addresses are not reused until the range cycles', () => {
  const pool = new AddressPool({ first: ip('10.0.0.2'), last: ip('10.0.0.5') });
  const used = new Set<number>();
  const take = () => {
    const n = pool.next((x) => !used.has(x));
    if (n !== undefined) used.add(n);
    return n === undefined ? undefined : formatIp(n);
  };
  assert.equal(take(), '10.0.0.2');
  assert.equal(take(), '10.0.0.3');
  used.delete(ip('10.0.0.2')); // released
  assert.equal(take(), '10.0.0.4', 'cursor moves on instead of reusing .2');
  assert.equal(take(), '10.0.0.5');
  assert.equal(take(), '10.0.0.2', 'wraps around to the released address');
  assert.equal(take(), undefined, 'exhausted');
});

test('excluded addresses are never handed out', () => {
  const pool = new AddressPool({ first: ip('10.0.0.2'), last: ip('10.0.0.6') }, (x) => x === ip('10.0.0.3') || x === ip('10.0.0.4'));
  const got: string[] = [];
  for (let n = pool.next(() => true); n !== undefined && got.length < 4; n = pool.next(() => true)) got.push(formatIp(n));
  assert.deepEqual(got, ['10.0.0.2', '10.0.0.5', '10.0.0.6', '10.0.0.2']);
});

test('advancePast resumes after the highest used address', () => {
  const pool = new AddressPool({ first: ip('10.0.0.2'), last: ip('10.0.0.9') });
  pool.advancePast(ip('10.0.0.6'));
  pool.advancePast(ip('10.0.0.4'));
  pool.advancePast(ip('10.9.9.9'));
  assert.equal(formatIp(pool.next(() => true)!), '10.0.0.7');
});
