// NodePorts: a host port (protocol, hostIP, port) can be used by one pod per node; the wildcard
// host IP 0.0.0.0 conflicts with every IP.

import { podHostPorts } from '../framework/node-info.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { Plugin } from '../framework/types.js';
import { unschedulable } from '../framework/types.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
const KEY = 'NodePorts';

function conflicts(want: string, node: NodeInfo): boolean {
  const [proto, ip, port] = want.split('/');
  for (const used of node.usedPorts.keys()) {
    const [p2, ip2, port2] = used.split('/');
    if (p2 !== proto || port2 !== port) continue;
    if (ip === ip2 || ip === '0.0.0.0' || ip2 === '0.0.0.0') return true;
  }
  return false;
}

export const nodePorts: Plugin = {
  name: KEY,
  preFilter(ctx) {
    const ports = podHostPorts(ctx.pod);
    if (ports.length === 0) return { skip: true };
    ctx.state.set(KEY, ports);
  },
  filter(ctx, node) {
    const ports = ctx.state.get(KEY) as string[];
    return ports.some((p) => conflicts(p, node)) ? unschedulable(ERR_REASON_PORTS) : null;
  },
};
