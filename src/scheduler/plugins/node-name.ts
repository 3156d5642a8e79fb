// NodeName: a pod that names a node fits only that node.

import type { Plugin } from '../framework/types.js';
import { unresolvable } from '../framework/types.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export const nodeName: Plugin = {
  name: 'NodeName',
  preFilter(ctx) {
    // Most pods name no node: then every node passes, and the per-node call can be skipped.
    if (!ctx.pod.spec?.nodeName) return { skip: true };
  },
  filter(ctx, node) {
    const want = ctx.pod.spec?.nodeName;
    return !want || want === node.name ? null : unresolvable(ERR_REASON_NODE_NAME);
  },
};
