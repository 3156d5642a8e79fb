// Node pod CIDRs never overlap the sticky-IP block: the pure helpers (range ↔ index, overlap, where
// the block sits) and the agents' choice of a free range when nodes register or are added later.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClient } from '../client/fake-client.js';
import { R } from '../client/resources.js';
import { stickyCidrFor } from '../network/ipam/config.js';
import { cidrsOverlap, mustParseCidr } from '../network/ipam/ipv4.js';
import { podNetworkFor } from '../sandbox/pod-network.js';
import { startNodeAgents } from './agent.js';
import { indexOfPodCidr, podCidrFor, podCidrOverlaps } from './node-network.js';

const zero = { imagePull: 0, containerStart: 0, containerStop: 0, imageCheck: 0 };

test('the sticky block is the top /23 of the cluster CIDR', () => {
  const cases: Array<[string, string]> = [
    ['10.244.0.0/16', '10.244.254.0/23'],
    ['10.244.0.0/14', '10.247.254.0/23'],
    ['10.240.0.0/13', '10.247.254.0/23'],
    ['10.244.0.0/23', '10.244.0.0/23'],
  ];
  for (const [cluster, sticky] of cases) assert.equal(stickyCidrFor(cluster), sticky, cluster);
  assert.throws(() => stickyCidrFor('10.244.0.0/24'), /smaller than a \/23/);
});

test('which node ranges overlap the sticky block', () => {
  const cases: Array<[index: number, cluster: string, overlaps: boolean]> = [
    [0, '10.244.0.0/16', false],
    [253, '10.244.0.0/16', false],
    [254, '10.244.0.0/16', true],
    [255, '10.244.0.0/16', true],
    [254, '10.244.0.0/14', false],
    [1021, '10.244.0.0/14', false],
    [1022, '10.244.0.0/14', true],
    [1023, '10.244.0.0/14', true],
  ];
  for (const [i, cluster, want] of cases) assert.equal(podCidrOverlaps(i, cluster, stickyCidrFor(cluster)), want, `${i} in ${cluster}`);
});

test('a node range maps back to its index', () => {
  const cases: Array<[cidr: string, cluster: string, index: number | undefined]> = [
    ['10.244.7.0/24', '10.244.0.0/16', 7],
    ['10.245.0.0/24', '10.244.0.0/14', 256],
    ['10.245.0.0/24', '10.244.0.0/16', undefined],
    ['10.244.7.0/25', '10.244.0.0/16', undefined],
    ['not-a-cidr', '10.244.0.0/16', undefined],
  ];
  for (const [cidr, cluster, want] of cases) assert.equal(indexOfPodCidr(cidr, cluster), want, `${cidr} in ${cluster}`);
  for (const i of [0, 1, 255, 1023]) assert.equal(indexOfPodCidr(podCidrFor(i, '10.244.0.0/14'), '10.244.0.0/14'), i);
});

test('every planned node range stays clear of the sticky block, for any node count', () => {
  for (const nodes of [1, 254, 255, 256, 510, 1000, 1022, 1023, 4000]) {
    const net = podNetworkFor(nodes);
    const sticky = mustParseCidr(net.stickyCidr);
    assert.equal(net.stickyCidr, stickyCidrFor(net.clusterCidr), `${nodes} nodes: the agents and the plan agree on the block`);
    for (let i = 0; i < nodes; i++) {
      if (podCidrOverlaps(i, net.clusterCidr, net.stickyCidr)) assert.fail(`${nodes} nodes: node range ${i} overlaps ${net.stickyCidr}`);
    }
    assert.equal(cidrsOverlap(mustParseCidr(podCidrFor(nodes - 1, net.clusterCidr)), sticky), false);
  }
});

test('nodes added past the ranges below the sticky block are refused, never given sticky addresses', async () => {
  const client = new FakeClient();
  // 10.244.0.0/21 holds 8 node ranges; the sticky block 10.244.6.0/23 takes the last two.
  const agents = startNodeAgents(client, { nodes: 6, clusterCidr: '10.244.0.0/21', timings: zero });
  await agents.ready;
  const cidrs = (await client.list(R.nodes)).items.map((n) => n.spec.podCIDR).sort();
  assert.deepEqual(cidrs, ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24', '10.244.4.0/24', '10.244.5.0/24']);
  await assert.rejects(agents.addNode('node-6'), /has no \/24 subnet number 8/);
  assert.equal((await client.list(R.nodes)).items.length, 6);
  agents.stop();
});

test('a sticky block elsewhere in the range is skipped too', async () => {
  const client = new FakeClient();
  const agents = startNodeAgents(client, { nodes: 2, stickyCidr: '10.244.0.0/23', timings: zero });
  await agents.ready;
  const cidrs = (await client.list(R.nodes)).items.map((n) => n.spec.podCIDR).sort();
  assert.deepEqual(cidrs, ['10.244.2.0/24', '10.244.3.0/24']);
  agents.stop();
});
