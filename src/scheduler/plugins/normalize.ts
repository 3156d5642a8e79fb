// kube-scheduler's DefaultNormalizeScore: scale raw scores so the highest becomes MaxNodeScore
// (integer arithmetic), optionally reversed so fewer "bad things" score higher.

import { MAX_NODE_SCORE } from '../framework/types.js';

export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
