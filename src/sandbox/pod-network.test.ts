import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveIpamConfig } from '../network/ipam/config.js';
import { cidrsOverlap, mustParseCidr } from '../network/ipam/ipv4.js';
import { podCidrFor } from '../nodeagent/node-network.js';
import { podNetworkFor } from './pod-network.js';

const cases: [nodes: number, clusterCidr: string, stickyCidr: string][] = [
  [3, '10.244.0.0/16', '10.244.254.0/23'],
  [254, '10.244.0.0/16', '10.244.254.0/23'],
  [255, '10.244.0.0/15', '10.245.254.0/23'],
  [1000, '10.244.0.0/14', '10.247.254.0/23'],
  [1022, '10.244.0.0/14', '10.247.254.0/23'],
  [1023, '10.240.0.0/13', '10.247.254.0/23'],
  [5000, '10.224.0.0/11', '10.255.254.0/23'],
];

for (const [nodes, clusterCidr, stickyCidr] of cases) {
  test(`${nodes} nodes → pods ${clusterCidr}, sticky ${stickyCidr}`, () => {
    const net = podNetworkFor(nodes);
    assert.deepEqual(net, { clusterCidr, stickyCidr });
    resolveIpamConfig(net); // throws when the sticky block is outside the cluster CIDR
    const last = mustParseCidr(podCidrFor(nodes - 1, net.clusterCidr));
    assert.equal(cidrsOverlap(last, mustParseCidr(net.stickyCidr)), false, 'the last node range is below the sticky block');
    assert.equal(cidrsOverlap(mustParseCidr(net.clusterCidr), mustParseCidr('10.96.0.0/12')), false, 'clear of the Service CIDR');
  });
}
