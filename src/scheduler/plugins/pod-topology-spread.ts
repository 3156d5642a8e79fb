// PodTopologySpread: DoNotSchedule constraints filter nodes whose domain would exceed maxSkew
// (with minDomains and the nodeAffinityPolicy=Honor / nodeTaintsPolicy=Ignore defaults);
// ScheduleAnyway constraints score nodes, fewer matching pods in the domain scoring higher.
// Pods without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5,
// ScheduleAnyway) over pods sharing their controller, approximating kube's service/owner selector.

import type { LabelSelector } from '../../apimachinery/types.js';
import type { NodeInfo } from '../framework/node-info.js';
import { labelSelectorMatches, nodeSelectorMatches } from '../framework/selectors.js';
import type { CycleContext, Plugin, Pod } from '../framework/types.js';
import { MAX_NODE_SCORE, unresolvable, unschedulable } from '../framework/types.js';
import { tolerated } from './tolerations.js';

export const ERR_REASON_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL = `${ERR_REASON_CONSTRAINTS} (missing required label)`;

const KEY = 'PodTopologySpread';
const SCORE_KEY = 'PodTopologySpread/score';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  hard: boolean;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
  matches(p: Pod): boolean;
  /** Set for system defaults: count via NodeInfo.controllerCounts instead of scanning pods. */
  ownerUid?: string;
}

function selectorWithKeys(sel: LabelSelector | undefined, keys: string[] | undefined, pod: Pod): LabelSelector | undefined {
  const labels = pod.metadata.labels ?? {};
  const extra = (keys ?? []).filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]] }));
  if (!sel || extra.length === 0) return sel;
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

function explicitConstraints(pod: Pod): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? []).map((c: any) => {
    const sel = selectorWithKeys(c.labelSelector, c.matchLabelKeys, pod);
    return {
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
      minDomains: c.minDomains ?? 1,
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
      matches: (p: Pod) => labelSelectorMatches(sel, p.metadata.labels),
    };
  });
}

function systemDefaultConstraints(pod: Pod): Constraint[] {
  const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (!owner) return [];
  const matches = (p: Pod) => (p.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === owner.uid);
  const base = { hard: false, minDomains: 1, honorAffinity: true, honorTaints: false, matches, ownerUid: owner.uid };
  return [
    { ...base, maxSkew: 3, topologyKey: 'kubernetes.io/hostname' },
    { ...base, maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone' },
  ];
}

function constraintsOf(pod: Pod): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? []).length > 0 ? explicitConstraints(pod) : systemDefaultConstraints(pod);
}

function nodeIncluded(c: Constraint, pod: Pod, node: NodeInfo): boolean {
  if (c.honorAffinity) {
    const sel = pod.spec?.nodeSelector as Record<string, string> | undefined;
    if (sel && !labelSelectorMatches({ matchLabels: sel }, node.labels)) return false;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (req && !nodeSelectorMatches(req.nodeSelectorTerms, node.node)) return false;
  }
  if (c.honorTaints) {
    const taints = node.taints;
    const bad = taints.some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(pod.spec?.tolerations, t));
    if (bad) return false;
  }
  return true;
}

const hasAllKeys = (cs: Constraint[], node: NodeInfo) => cs.every((c) => node.labels[c.topologyKey] !== undefined);

function countMatching(c: Constraint, pod: Pod, node: NodeInfo): number {
  if (c.ownerUid) return node.controllerCounts.get(c.ownerUid) ?? 0;
  const ns = pod.metadata.namespace;
  let n = 0;
  for (const e of node.pods.values()) {
    const p = e.pod;
    if (p.metadata.namespace === ns && !p.metadata.deletionTimestamp && c.matches(p)) n++;
  }
  return n;
}

interface FilterState {
  constraints: Constraint[];
  /** Per constraint: matching pods per domain value. */
  counts: Array<Map<string, number>>;
  minMatch: number[];
}

function buildFilterState(ctx: CycleContext, constraints: Constraint[]): FilterState {
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of ctx.nodes) {
    if (!hasAllKeys(constraints, node)) continue;
    constraints.forEach((c, i) => {
      if (!nodeIncluded(c, ctx.pod, node)) return;
      const v = node.labels[c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + countMatching(c, ctx.pod, node));
    });
  }
  const minMatch = counts.map((m, i) => {
    if (m.size < constraints[i].minDomains) return 0;
    let min = Number.MAX_SAFE_INTEGER;
    for (const v of m.values()) min = Math.min(min, v);
    return min;
  });
  return { constraints, counts, minMatch };
}

interface ScoreState {
  constraints: Constraint[];
  weights: number[];
  counts: Array<Map<string, number>>;
  ignored: Set<string>;
}

function buildScoreState(ctx: CycleContext, feasible: NodeInfo[], constraints: Constraint[]): ScoreState {
  // System-default constraints do not require nodes to carry every topology key.
  const requireAll = (ctx.pod.spec?.topologySpreadConstraints ?? []).length > 0;
  const ignored = new Set<string>();
  const domains = constraints.map(() => new Map<string, number>());
  for (const node of feasible) {
    if (requireAll && !hasAllKeys(constraints, node)) ignored.add(node.name);
    else constraints.forEach((c, i) => domains[i].set(node.labels[c.topologyKey] ?? '', 0));
  }
  const weights = domains.map((d) => Math.log(d.size + 2));
  for (const node of ctx.nodes) {
    if (requireAll && !hasAllKeys(constraints, node)) continue;
    constraints.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      if (v === undefined || !domains[i].has(v) || !nodeIncluded(c, ctx.pod, node)) return;
      domains[i].set(v, (domains[i].get(v) ?? 0) + countMatching(c, ctx.pod, node));
    });
  }
  return { constraints, weights, counts: domains, ignored };
}

export const podTopologySpread: Plugin = {
  name: KEY,
  weight: 2,
  preFilter(ctx) {
    const hard = constraintsOf(ctx.pod).filter((c) => c.hard);
    if (hard.length === 0) return { skip: true };
    ctx.state.set(KEY, buildFilterState(ctx, hard));
  },
  filter(ctx, node) {
    const st = ctx.state.get(KEY) as FilterState;
    for (let i = 0; i < st.constraints.length; i++) {
      const c = st.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL);
      const self = c.matches(ctx.pod) ? 1 : 0;
      const skew = (st.counts[i].get(v) ?? 0) + self - st.minMatch[i];
      if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS);
    }
    return null;
  },
  preScore(ctx, feasible) {
    const soft = constraintsOf(ctx.pod).filter((c) => !c.hard);
    if (soft.length === 0) return true;
    ctx.state.set(SCORE_KEY, buildScoreState(ctx, feasible, soft));
  },
  score(ctx, node) {
    const st = ctx.state.get(SCORE_KEY) as ScoreState;
    if (st.ignored.has(node.name)) return 0;
    let s = 0;
    st.constraints.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      if (v !== undefined) s += (st.counts[i].get(v) ?? 0) * st.weights[i] + (c.maxSkew - 1);
    });
    return Math.round(s);
  },
  normalize(ctx, scores, nodes) {
    const st = ctx.state.get(SCORE_KEY) as ScoreState;
    const names = nodes.map((n) => n.name);
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    scores.forEach((s, i) => {
      if (st.ignored.has(names[i])) return;
      min = Math.min(min, s);
      max = Math.max(max, s);
    });
    for (let i = 0; i < scores.length; i++) {
      if (st.ignored.has(names[i])) scores[i] = 0;
      else scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};
