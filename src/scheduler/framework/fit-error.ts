// Formats "0/3 nodes are available: ..." exactly as kube-scheduler's FitError does: one
// "<count> <reason>" entry per distinct reason across nodes, sorted as strings, then the
// PreFilter message (which replaces the per-node reasons) and the preemption (PostFilter) message.

import type { Pod, Status } from './types.js';

export interface Diagnosis {
  numAllNodes: number;
  /** Per node name: the first failing Filter status. */
  nodeStatuses: Map<string, Status>;
  /** Set when a PreFilter plugin rejected the pod (every node then shares its status). */
  preFilterMsg?: string;
  /** Plugins that rejected the pod: used to decide which cluster events may help. */
  unschedulablePlugins: Set<string>;
}

const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;

function histogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort();
}

export function fitErrorMessage(d: Diagnosis, postFilterMsg?: string): string {
  let msg = `${NO_NODE_AVAILABLE(d.numAllNodes)}:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const h = histogram(d.nodeStatuses.values());
    if (h.length > 0) msg += ` ${h.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * DefaultPreemption's PostFilter message when it finds no candidate. Nodes rejected with
 * UnschedulableAndUnresolvable cannot be helped by evicting pods; on the others no victim was
 * found (Ordinal does not evict lower-priority pods).
 */
export function preemptionMessage(pod: Pod, d: Diagnosis): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const statuses = new Map<string, Status>();
  for (const [name, s] of d.nodeStatuses) {
    const unhelpful = s.code === 'UnschedulableAndUnresolvable';
    statuses.set(name, { code: s.code, reasons: [unhelpful ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS] });
  }
  const inner: Diagnosis = { numAllNodes: statuses.size, nodeStatuses: statuses, unschedulablePlugins: new Set() };
  return `preemption: ${fitErrorMessage(inner)}`;
}

/** The full FailedScheduling message for an unschedulable pod. */
export function unschedulableMessage(pod: Pod, d: Diagnosis): string {
  return fitErrorMessage(d, preemptionMessage(pod, d));
}
