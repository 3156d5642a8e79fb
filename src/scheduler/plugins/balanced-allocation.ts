// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory utilisation (after placing
// the pod) are close to each other: score = (1 - standard deviation of the fractions) * 100.

import type { Plugin } from '../framework/types.js';
import { MAX_NODE_SCORE } from '../framework/types.js';
import { fitState } from './node-resources-fit.js';

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
    const nz = fitState(ctx).nonZero;
    const fractions: number[] = [];
    const pairs: Array<[number, number]> = [
      [node.nonZeroRequested.milliCPU + nz.milliCPU, node.allocatable.milliCPU],
      [node.nonZeroRequested.memory + nz.memory, node.allocatable.memory],
    ];
    for (const [requested, capacity] of pairs) if (capacity > 0) fractions.push(Math.min(1, requested / capacity));
    return balancedScore(fractions);
  },
};
