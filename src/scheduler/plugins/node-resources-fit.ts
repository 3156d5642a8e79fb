// NodeResourcesFit: the pod's effective request must fit in allocatable minus what assigned pods
// request (cpu, memory, ephemeral-storage, extended resources, pod count). Scoring is
// LeastAllocated over cpu and memory using non-zero requests, weights 1:1.

import { HOT, type NodeInfo } from '../framework/node-info.js';
import { podRequests, type Resources } from '../framework/resources.js';
import type { Plugin, Status } from '../framework/types.js';
import { MAX_NODE_SCORE } from '../framework/types.js';

const KEY = 'NodeResourcesFit';

interface FitState {
  req: Resources;
  nonZero: Resources;
}

interface Insufficient {
  reason: string;
  /** The node could not fit the pod even if it were empty: preemption cannot help. */
  unresolvable: boolean;
}

function check(out: Insufficient[], reason: string, want: number, free: number, total: number): void {
  if (want > 0 && want > free) out.push({ reason, unresolvable: want > total });
}

/** The allocation-free common case of insufficientResources: true when nothing is short. */
function fits(req: Resources, node: NodeInfo): boolean {
  const h = node.hot;
  if (h[HOT.pods] + 1 > h[HOT.allocPods]) return false;
  if (req.milliCPU > 0 && req.milliCPU > h[HOT.allocMilliCPU] - h[HOT.reqMilliCPU]) return false;
  if (req.memory > 0 && req.memory > h[HOT.allocMemory] - h[HOT.reqMemory]) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > h[HOT.allocEphemeral] - h[HOT.reqEphemeral]) return false;
  if (req.scalar.size === 0) return true; // most pods ask for no extended resource: no iterator per node
  const a = node.allocatable;
  const used = node.requested;
  for (const [name, want] of req.scalar) if (want > 0 && want > (a.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) return false;
  return true;
}

export function insufficientResources(req: Resources, node: NodeInfo): Insufficient[] {
  const out: Insufficient[] = [];
  const a = node.allocatable;
  const used = node.requested;
  if (node.pods.size + 1 > a.pods) out.push({ reason: 'Too many pods', unresolvable: false });
  check(out, 'Insufficient cpu', req.milliCPU, a.milliCPU - used.milliCPU, a.milliCPU);
  check(out, 'Insufficient memory', req.memory, a.memory - used.memory, a.memory);
  check(out, 'Insufficient ephemeral-storage', req.ephemeralStorage, a.ephemeralStorage - used.ephemeralStorage, a.ephemeralStorage);
  for (const [name, want] of req.scalar) {
    const total = a.scalar.get(name) ?? 0;
    check(out, `Insufficient ${name}`, want, total - (used.scalar.get(name) ?? 0), total);
  }
  return out;
}

/** (allocatable - requested) / allocatable on 0..100, 0 when over-committed. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** cpu and memory with weight 1 each; a resource the node has none of is left out. Runs per node per pod: no allocations. */
export function leastAllocatedScore(nonZero: Resources, node: NodeInfo): number {
  const h = node.hot;
  const cpuCap = h[HOT.allocMilliCPU];
  const memCap = h[HOT.allocMemory];
  let sum = 0;
  let weights = 0;
  if (cpuCap !== 0) {
    sum += leastRequestedScore(h[HOT.nzMilliCPU] + nonZero.milliCPU, cpuCap);
    weights += 1;
  }
  if (memCap !== 0) {
    sum += leastRequestedScore(h[HOT.nzMemory] + nonZero.memory, memCap);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

type FitCtx = { state: Map<string, unknown>; pod: any };

/**
 * The last cycle's state, remembered beside its context: filter and two score plugins ask for it
 * once per node (1,200 times a pod at 1,000 nodes), and cycles run one at a time.
 */
let lastCtx: FitCtx | undefined;
let lastState: FitState | undefined;

export function fitState(ctx: FitCtx): FitState {
  if (ctx === lastCtx) return lastState!;
  let s = ctx.state.get(KEY) as FitState | undefined;
  if (!s) {
    s = { req: podRequests(ctx.pod), nonZero: podRequests(ctx.pod, true) };
    ctx.state.set(KEY, s);
  }
  lastCtx = ctx;
  lastState = s;
  return s;
}

export const nodeResourcesFit: Plugin = {
  name: KEY,
  weight: 1,
  preFilter(ctx) {
    fitState(ctx);
  },
  filter(ctx, node): Status | null {
    const req = fitState(ctx).req;
    if (fits(req, node)) return null;
    const bad = insufficientResources(req, node);
    if (bad.length === 0) return null;
    const code = bad.some((b) => b.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
    return { code, reasons: bad.map((b) => b.reason) };
  },
  score(ctx, node) {
    return leastAllocatedScore(fitState(ctx).nonZero, node);
  },
};
