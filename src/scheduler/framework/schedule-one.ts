// One scheduling attempt as pure computation over a snapshot: PreFilter, Filter (stopping once
// enough feasible nodes are found, kube's percentageOfNodesToScore), PreScore/Score/Normalize with
// plugin weights, and a uniformly random pick among the top-scoring nodes (reservoir sampling).

import type { Diagnosis } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import type { ClusterListers, CycleContext, Plugin, Pod, Status } from './types.js';

export interface Snapshot {
  nodes: NodeInfo[];
  nodeByName: Map<string, NodeInfo>;
  /** Nodes holding a pod with pod (anti-)affinity terms, kept by the cache (kube's HavePodsWithAffinityNodeInfoList). */
  havePodsWithAffinity?: NodeInfo[];
  /** Nodes holding a pod with required anti-affinity (HavePodsWithRequiredAntiAffinityNodeInfoList). */
  havePodsWithRequiredAntiAffinity?: NodeInfo[];
}

export interface ScheduleOptions {
  plugins: Plugin[];
  listers: ClusterListers;
  /** Where the node scan starts (rotated between attempts so sampling is fair). */
  startIndex?: number;
  /** 0 = adaptive like kube-scheduler. */
  percentageOfNodesToScore?: number;
  random?: () => number;
}

export type ScheduleOutcome =
  | { kind: 'scheduled'; node: NodeInfo; ctx: CycleContext; evaluated: number; feasible: number; nextStartIndex: number }
  | { kind: 'unschedulable'; diagnosis: Diagnosis; ctx: CycleContext; nextStartIndex: number }
  /** No nodes at all, or a plugin error: not a FitError. */
  | { kind: 'error'; message: string; unschedulable: boolean; nextStartIndex: number };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** How many feasible nodes to look for before scoring (kube's adaptive percentage). */
export function numFeasibleNodesToFind(numAll: number, percentage = 0): number {
  if (numAll < MIN_FEASIBLE_NODES_TO_FIND) return numAll;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAll / 125));
  if (pct >= 100) return numAll;
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAll * pct) / 100));
}

export function newCycle(pod: Pod, snap: Snapshot, listers: ClusterListers): CycleContext {
  return {
    pod,
    nodes: snap.nodes,
    nodeByName: snap.nodeByName,
    havePodsWithAffinity: snap.havePodsWithAffinity ?? snap.nodes.filter((n) => n.podsWithAffinity.size > 0),
    havePodsWithRequiredAntiAffinity: snap.havePodsWithRequiredAntiAffinity ?? snap.nodes.filter((n) => n.podsWithRequiredAntiAffinity.size > 0),
    listers,
    state: new Map(),
    skipFilter: new Set(),
    skipScore: new Set(),
  };
}

function runPreFilter(ctx: CycleContext, plugins: Plugin[]): { status: Status; plugin: string } | null {
  for (const p of plugins) {
    if (!p.filter) continue;
    const r = p.preFilter?.(ctx);
    if (r?.skip) ctx.skipFilter.add(p.name);
    if (r?.status) return { status: { ...r.status, plugin: p.name }, plugin: p.name };
  }
  return null;
}

export function runFilters(ctx: CycleContext, plugins: Plugin[], node: NodeInfo): Status | null {
  for (const p of plugins) {
    if (!p.filter || ctx.skipFilter.has(p.name)) continue;
    const s = p.filter(ctx, node);
    if (s) return { ...s, plugin: p.name };
  }
  return null;
}

function emptyDiagnosis(n: number): Diagnosis {
  return { numAllNodes: n, nodeStatuses: new Map(), unschedulablePlugins: new Set() };
}

/** The first failing filter among `filters` (already stripped of plugins PreFilter skipped). */
function firstFailure(ctx: CycleContext, filters: Plugin[], node: NodeInfo): Status | null {
  for (let i = 0; i < filters.length; i++) {
    const s = filters[i].filter!(ctx, node);
    if (s) return { ...s, plugin: filters[i].name };
  }
  return null;
}

function findFeasible(ctx: CycleContext, opts: ScheduleOptions, d: Diagnosis): { feasible: NodeInfo[]; next: number } {
  const nodes = ctx.nodes;
  const want = numFeasibleNodesToFind(nodes.length, opts.percentageOfNodesToScore);
  const start = (opts.startIndex ?? 0) % nodes.length;
  // Resolved once per cycle, not per node: same plugins in the same order as runFilters.
  const filters = opts.plugins.filter((p) => p.filter && !ctx.skipFilter.has(p.name));
  const feasible: NodeInfo[] = [];
  let processed = 0;
  for (; processed < nodes.length && feasible.length < want; processed++) {
    const node = nodes[(start + processed) % nodes.length];
    const s = firstFailure(ctx, filters, node);
    if (!s) feasible.push(node);
    else {
      d.nodeStatuses.set(node.name, s);
      if (s.plugin) d.unschedulablePlugins.add(s.plugin);
    }
  }
  return { feasible, next: (start + processed) % nodes.length };
}

/** Weighted sum of normalized plugin scores, parallel to `feasible`. */
export function scoreNodes(ctx: CycleContext, plugins: Plugin[], feasible: NodeInfo[]): number[] {
  const total = new Array<number>(feasible.length).fill(0);
  for (const p of plugins) {
    if (!p.score || !p.weight) continue;
    if (p.preScore?.(ctx, feasible) === true) continue;
    const scores = new Array<number>(feasible.length);
    for (let i = 0; i < feasible.length; i++) scores[i] = p.score(ctx, feasible[i]);
    p.normalize?.(ctx, scores, feasible);
    for (let i = 0; i < scores.length; i++) total[i] += scores[i] * p.weight;
  }
  return total;
}

/** Uniform pick among the maximum scores in one pass (reservoir sampling, as kube's selectHost). */
export function selectHost(scores: number[], random: () => number = Math.random): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    if (scores[i] > scores[best]) {
      best = i;
      ties = 1;
    } else if (scores[i] === scores[best]) {
      ties++;
      if (random() * ties < 1) best = i;
    }
  }
  return best;
}

export function schedulePod(pod: Pod, snap: Snapshot, opts: ScheduleOptions): ScheduleOutcome {
  const n = snap.nodes.length;
  const start = opts.startIndex ?? 0;
  if (n === 0) return { kind: 'error', message: 'no nodes available to schedule pods', unschedulable: true, nextStartIndex: 0 };
  const ctx = newCycle(pod, snap, opts.listers);
  const d = emptyDiagnosis(n);
  const pre = runPreFilter(ctx, opts.plugins);
  if (pre?.status.code === 'Error') {
    return { kind: 'error', message: `running PreFilter plugin "${pre.plugin}": ${pre.status.reasons.join(', ')}`, unschedulable: false, nextStartIndex: start };
  }
  if (pre) {
    d.preFilterMsg = pre.status.reasons.join(', ');
    d.unschedulablePlugins.add(pre.plugin);
    for (const node of snap.nodes) d.nodeStatuses.set(node.name, pre.status);
    return { kind: 'unschedulable', diagnosis: d, ctx, nextStartIndex: start };
  }
  const { feasible, next } = findFeasible(ctx, opts, d);
  if (feasible.length === 0) return { kind: 'unschedulable', diagnosis: d, ctx, nextStartIndex: next };
  const evaluated = feasible.length + d.nodeStatuses.size;
  if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0], ctx, evaluated, feasible: 1, nextStartIndex: next };
  const scores = scoreNodes(ctx, opts.plugins, feasible);
  const node = feasible[selectHost(scores, opts.random)];
  return { kind: 'scheduled', node, ctx, evaluated, feasible: feasible.length, nextStartIndex: next };
}
