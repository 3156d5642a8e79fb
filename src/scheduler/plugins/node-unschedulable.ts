// NodeUnschedulable: cordoned nodes (spec.unschedulable) accept only pods tolerating the
// node.kubernetes.io/unschedulable:NoSchedule taint.

import type { Plugin } from '../framework/types.js';
import { unresolvable } from '../framework/types.js';
import { tolerated } from './tolerations.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  filter(ctx, node) {
    if (!node.unschedulable) return null;
    return tolerated(ctx.pod.spec?.tolerations, TAINT) ? null : unresolvable(ERR_REASON_UNSCHEDULABLE);
  },
};
