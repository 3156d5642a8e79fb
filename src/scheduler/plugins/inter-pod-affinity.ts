// InterPodAffinity: required pod affinity/anti-affinity of the incoming pod, required
// anti-affinity of existing pods against the incoming pod, and preferred terms of both sides for
// scoring. PreFilter counts matching pods per topology pair once, so Filter is O(terms) per node.

import type { NodeInfo } from '../framework/node-info.js';
import type { CycleContext, Plugin, Pod } from '../framework/types.js';
import { MAX_NODE_SCORE, unresolvable, unschedulable } from '../framework/types.js';
import { matchesAll, podTerms, termMatches, type AffinityTerm, type PodTerms } from './affinity-terms.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

const KEY = 'InterPodAffinity';
const SCORE_KEY = 'InterPodAffinity/score';
/** Weight an existing pod's required affinity term gets when it matches the incoming pod. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Counts keyed "topologyKey\0value". */
type Counts = Map<string, number>;
const pair = (key: string, value: string) => `${key}\u0000${value}`;
const bump = (m: Counts, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

interface FilterState {
  terms: PodTerms;
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

function countExistingAntiAffinity(ctx: CycleContext): Counts {
  const counts: Counts = new Map();
  // kube walks only HavePodsWithRequiredAntiAffinityList: the cache keeps it, so a cluster without
  // such pods costs nothing here however many nodes it has.
  for (const node of ctx.havePodsWithRequiredAntiAffinity) {
    for (const e of node.podsWithRequiredAntiAffinity.values()) {
      for (const t of podTerms(e.pod).requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && termMatches(t, ctx.pod, ctx.listers)) bump(counts, pair(t.topologyKey, v));
      }
    }
  }
  return counts;
}

function countIncoming(ctx: CycleContext, terms: PodTerms, st: FilterState): void {
  if (terms.requiredAffinity.length === 0 && terms.requiredAntiAffinity.length === 0) return;
  for (const node of ctx.nodes) {
    for (const e of node.pods.values()) {
      if (matchesAll(terms.requiredAffinity, e.pod, ctx.listers)) addPairs(st.affinity, terms.requiredAffinity, node);
      for (const t of terms.requiredAntiAffinity) if (termMatches(t, e.pod, ctx.listers)) addPairs(st.anti, [t], node);
    }
  }
}

function addPairs(counts: Counts, terms: AffinityTerm[], node: NodeInfo, by = 1): void {
  for (const t of terms) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined) bump(counts, pair(t.topologyKey, v), by);
  }
}

function satisfiesAffinity(st: FilterState, node: NodeInfo, pod: Pod, ctx: CycleContext): boolean {
  let podsExist = true;
  for (const t of st.terms.requiredAffinity) {
    const v = node.labels[t.topologyKey];
    if (v === undefined) return false;
    if ((st.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when nothing else matches yet.
  return st.affinity.size === 0 && matchesAll(st.terms.requiredAffinity, pod, ctx.listers);
}

function satisfiesAntiAffinity(st: FilterState, node: NodeInfo): boolean {
  for (const t of st.terms.requiredAntiAffinity) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && (st.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfiesExistingAntiAffinity(st: FilterState, node: NodeInfo): boolean {
  for (const [k, n] of st.existingAnti) {
    if (n <= 0) continue;
    const i = k.indexOf('\u0000');
    if (node.labels[k.slice(0, i)] === k.slice(i + 1)) return false;
  }
  return true;
}

// ---- scoring ----

function scoreExisting(ctx: CycleContext, e: Pod, terms: PodTerms, add: (t: AffinityTerm, w: number) => void): void {
  const incoming = podTerms(ctx.pod);
  for (const t of incoming.preferredAffinity) if (termMatches(t, e, ctx.listers)) add(t, t.weight);
  for (const t of incoming.preferredAntiAffinity) if (termMatches(t, e, ctx.listers)) add(t, -t.weight);
  for (const t of terms.requiredAffinity) if (termMatches(t, ctx.pod, ctx.listers)) add(t, HARD_POD_AFFINITY_WEIGHT);
  for (const t of terms.preferredAffinity) if (termMatches(t, ctx.pod, ctx.listers)) add(t, t.weight);
  for (const t of terms.preferredAntiAffinity) if (termMatches(t, ctx.pod, ctx.listers)) add(t, -t.weight);
}

function buildTopologyScore(ctx: CycleContext): Counts | null {
  const incoming = podTerms(ctx.pod);
  const hasPreferred = incoming.preferredAffinity.length + incoming.preferredAntiAffinity.length > 0;
  const scores: Counts = new Map();
  // Without preferred terms of its own, only existing pods with affinity terms can score (kube's HavePodsWithAffinityList).
  for (const node of hasPreferred ? ctx.nodes : ctx.havePodsWithAffinity) {
    const pods = hasPreferred ? node.pods : node.podsWithAffinity;
    if (pods.size === 0) continue;
    for (const e of pods.values()) {
      const add = (t: AffinityTerm, w: number) => {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && w !== 0) bump(scores, pair(t.topologyKey, v), w);
      };
      scoreExisting(ctx, e.pod, podTerms(e.pod), add);
    }
  }
  return scores.size === 0 ? null : scores;
}

export const interPodAffinity: Plugin = {
  name: KEY,
  weight: 2,
  preFilter(ctx) {
    const terms = podTerms(ctx.pod);
    const st: FilterState = { terms, existingAnti: countExistingAntiAffinity(ctx), affinity: new Map(), anti: new Map() };
    countIncoming(ctx, terms, st);
    ctx.state.set(KEY, st);
    // As kube: nothing to check when no existing pod's anti-affinity matches and the pod has no required terms.
    if (st.existingAnti.size === 0 && terms.requiredAffinity.length === 0 && terms.requiredAntiAffinity.length === 0) return { skip: true };
  },
  filter(ctx, node) {
    const st = ctx.state.get(KEY) as FilterState;
    if (!satisfiesAffinity(st, node, ctx.pod, ctx)) return unresolvable(ERR_REASON_AFFINITY);
    if (!satisfiesAntiAffinity(st, node)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
    if (!satisfiesExistingAntiAffinity(st, node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
    return null;
  },
  preScore(ctx) {
    const scores = buildTopologyScore(ctx);
    ctx.state.set(SCORE_KEY, scores);
    return scores === null;
  },
  score(ctx, node) {
    const scores = ctx.state.get(SCORE_KEY) as Counts;
    let s = 0;
    for (const [k, v] of Object.entries(node.labels)) s += scores.get(pair(k, v)) ?? 0;
    return s;
  },
  normalize(_ctx, scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / diff) : 0;
  },
};
