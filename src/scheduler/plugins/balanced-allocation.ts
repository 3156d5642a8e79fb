// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory utilisation (after placing
// the pod) are close to each other: score = (1 - standard deviation of the fractions) * 100.

import type { Plugin } from '../framework/types.js';
import { MAX_NODE_SCORE } from '../framework/types.js';
import { fitState } from './node-resources-fit.js';
import { HOT } from '../framework/node-info.js';

export function balancedScore(fractions: number[]): number {
  if (fractions.length === 0) return 0;
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(ctx, node) {
    // balancedScore over the cpu and memory fractions, unrolled: this runs per node per pod.
    const nz = fitState(ctx).nonZero;
    const h = node.hot;
    const cpuCap = h[HOT.allocMilliCPU];
    const memCap = h[HOT.allocMemory];
    if (cpuCap <= 0 || memCap <= 0) {
      const fractions: number[] = [];
      if (cpuCap > 0) fractions.push(Math.min(1, (h[HOT.nzMilliCPU] + nz.milliCPU) / cpuCap));
      if (memCap > 0) fractions.push(Math.min(1, (h[HOT.nzMemory] + nz.memory) / memCap));
      return balancedScore(fractions);
    }
    const cpu = Math.min(1, (h[HOT.nzMilliCPU] + nz.milliCPU) / cpuCap);
    const mem = Math.min(1, (h[HOT.nzMemory] + nz.memory) / memCap);
    return Math.trunc((1 - Math.abs((cpu - mem) / 2)) * MAX_NODE_SCORE);
  },
};
