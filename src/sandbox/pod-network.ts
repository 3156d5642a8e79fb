// The sandbox's pod address plan for a given node count. kind/kubeadm's 10.244.0.0/16 with a /24
// per node holds 256 node ranges, two of which the sticky-IP block (the top /23) takes, so a
// sandbox of more nodes widens the cluster CIDR to the aligned block around 10.244.0.0 that holds
// them (10.244.0.0/14 for up to 1,022 nodes, whose first 254 node ranges are the default plan's),
// and moves the sticky block to the top of the wider range, past the last node's /24. Never wider
// than /9, so it stays clear of the Service CIDR 10.96.0.0/12. The node agents skip the sticky block
// when they pick a node's range (stickyCidrFor gives them the same block), so a node added later,
// past the planned count, never lands in it either.

import { defaultIpamConfig, stickyCidrFor } from '../network/ipam/config.js';

export interface PodNetwork {
  clusterCidr: string;
  stickyCidr: string;
}

const NODE_PREFIX = 24;
const STICKY_NODE_RANGES = 2; // a /23 = two node-sized ranges
const BASE_SECOND_OCTET = 244;

export function podNetworkFor(nodes: number): PodNetwork {
  const needed = nodes + STICKY_NODE_RANGES;
  let prefix = 16;
  while (2 ** (NODE_PREFIX - prefix) < needed && prefix > 9) prefix--;
  if (prefix === 16) return { clusterCidr: defaultIpamConfig.clusterCidr, stickyCidr: defaultIpamConfig.stickyCidr };
  // Align the block: 10.244.0.0/14 is aligned, /13 becomes 10.240.0.0/13, and so on.
  const span = 2 ** (16 - prefix); // second-octet values the block covers
  const second = BASE_SECOND_OCTET - (BASE_SECOND_OCTET % span);
  const clusterCidr = `10.${second}.0.0/${prefix}`;
  return { clusterCidr, stickyCidr: stickyCidrFor(clusterCidr) };
}
