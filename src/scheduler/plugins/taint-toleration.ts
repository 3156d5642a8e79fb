// TaintToleration: NoSchedule/NoExecute taints the pod does not tolerate make a node infeasible;
// untolerated PreferNoSchedule taints lower its score (fewer is better).

import type { NodeInfo } from '../framework/node-info.js';
import type { Plugin, Pod } from '../framework/types.js';
import { unresolvable } from '../framework/types.js';
import { defaultNormalize } from './normalize.js';
import { tolerated, type Taint, type Toleration } from './tolerations.js';

export const taintReason = (t: Taint) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

const KEY = 'TaintToleration';
const SCORE_KEY = 'TaintToleration/score';

const hasPreferNoSchedule = (node: NodeInfo): boolean => node.hasPreferNoSchedule;
const filterTolerations = (pod: Pod): Toleration[] =>
  ((pod.spec?.tolerations ?? []) as Toleration[]).filter((t) => !t.effect || t.effect === 'NoSchedule' || t.effect === 'NoExecute');

export const taintToleration: Plugin = {
  name: 'TaintToleration',
  weight: 3,
  preFilter(ctx) {
    // The pod's NoSchedule/NoExecute tolerations, picked once per cycle rather than per tainted node.
    ctx.state.set(KEY, filterTolerations(ctx.pod));
  },
  filter(ctx, node) {
    const taints = node.taints;
    if (taints.length === 0) return null;
    const tols = (ctx.state.get(KEY) as Toleration[] | undefined) ?? filterTolerations(ctx.pod);
    for (const taint of taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerated(tols, taint)) return unresolvable(taintReason(taint));
    }
    return null;
  },
  preScore(ctx, feasible) {
    // With no PreferNoSchedule taint on any candidate every node scores 0, which normalizes to the
    // same MaxNodeScore for all: a constant that cannot change the choice, so skip the work.
    if (!feasible.some(hasPreferNoSchedule)) return true;
    const tols = ((ctx.pod.spec?.tolerations ?? []) as Toleration[]).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    ctx.state.set(SCORE_KEY, tols);
    return false;
  },
  score(ctx, node) {
    const taints = node.taints;
    const tols = ctx.state.get(SCORE_KEY) as Toleration[];
    let n = 0;
    for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !tolerated(tols, taint)) n++;
    return n;
  },
  normalize(_ctx, scores) {
    defaultNormalize(scores, true);
  },
};
