import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixedIpInCluster, parseFixedIpAnnotation, CALICO_IP_ADDRS } from './fixed-ip.js';
import { formatIp, mustParseCidr, parseIp } from './ipv4.js';

test('parseFixedIpAnnotation follows calico-cni validation', () => {
  const cases: Array<[string | undefined, string | RegExp | undefined]> = [
    [undefined, undefined],
    ['["10.244.7.9"]', '10.244.7.9'],
    ['[" 10.244.7.9"]', '10.244.7.9'],
    ['[]', /annotation "cni.projectcalico.org\/ipAddrs" specified but empty/],
    ['["10.244.7.9","10.244.7.10"]', /cannot have more than one IPv4 address for "cni.projectcalico.org\/ipAddrs" annotation/],
    ['10.244.7.9', /failed to parse IPs 10.244.7.9 for annotation "cni.projectcalico.org\/ipAddrs": failed to parse '10.244.7.9' as JSON/],
    ['["10.244.7.300"]', /invalid IP format: 10.244.7.300/],
    ['["fd00::1"]', /IPv4 only/],
    ['[1]', /expected a JSON list of strings/],
  ];
  for (const [raw, want] of cases) {
    const r = parseFixedIpAnnotation(raw === undefined ? {} : { [CALICO_IP_ADDRS]: raw });
    if (want === undefined) assert.equal(r, undefined);
    else if (typeof want === 'string') assert.deepEqual(r && 'ip' in r ? formatIp(r.ip) : r, want, raw);
    else assert.match(r && 'error' in r ? r.error : 'no error', want, raw);
  }
});

test('fixed IPs must be inside the cluster CIDR', () => {
  const cluster = mustParseCidr('10.244.0.0/16');
  assert.equal(checkFixedIpInCluster(parseIp('10.244.7.9')!, cluster, '10.244.7.9'), undefined);
  assert.match(checkFixedIpInCluster(parseIp('10.9.0.1')!, cluster, '10.9.0.1')!, /10.9.0.1 is not in a configured pool: it must be inside the cluster CIDR 10.244.0.0\/16/);
});
