// NodeAffinity: spec.nodeSelector and requiredDuringScheduling node selector terms must match;
// preferredDuringScheduling terms add their weights to the node's score.

import { labelSelectorMatches, nodeSelectorMatches, nodeSelectorTermMatches, type NodeSelectorTerm } from '../framework/selectors.js';
import type { Plugin, Pod } from '../framework/types.js';
import { unresolvable } from '../framework/types.js';
import { defaultNormalize } from './normalize.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

interface Preferred {
  weight: number;
  preference: NodeSelectorTerm;
}

const required = (pod: Pod): NodeSelectorTerm[] | undefined =>
  pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
const preferred = (pod: Pod): Preferred[] => pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];

export const nodeAffinity: Plugin = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter(ctx) {
    const sel = ctx.pod.spec?.nodeSelector;
    const hasSelector = sel && Object.keys(sel).length > 0;
    if (!hasSelector && !ctx.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) return { skip: true };
  },
  filter(ctx, node) {
    const sel = ctx.pod.spec?.nodeSelector as Record<string, string> | undefined;
    if (sel && !labelSelectorMatches({ matchLabels: sel }, node.labels)) return unresolvable(ERR_REASON_POD);
    const affinity = ctx.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (affinity && !nodeSelectorMatches(required(ctx.pod), node.node)) return unresolvable(ERR_REASON_POD);
    return null;
  },
  preScore(ctx) {
    return preferred(ctx.pod).length === 0;
  },
  score(ctx, node) {
    let s = 0;
    for (const p of preferred(ctx.pod)) if (p.weight && nodeSelectorTermMatches(p.preference, node.node)) s += p.weight;
    return s;
  },
  normalize(_ctx, scores) {
    defaultNormalize(scores, false);
  },
};
