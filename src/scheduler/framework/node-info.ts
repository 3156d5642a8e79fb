// NodeInfo: one node plus the pods assigned to it (bound or assumed) and aggregates kept up to
// date incrementally (requested resources, pods carrying affinity terms, used host ports), so a
// filter or score over a node costs O(1) or O(terms) instead of O(pods on the node).

import { addResources, emptyResources, nodeAllocatable, podRequests, type Allocatable, type Resources } from './resources.js';
import type { Node, Pod } from './types.js';
import type { Taint } from '../plugins/tolerations.js';

/** A pod on a node with what plugins repeatedly need precomputed. */
export interface PodEntry {
  pod: Pod;
  key: string;
  requests: Resources;
  nonZero: Resources;
  hasAffinity: boolean;
  hasRequiredAntiAffinity: boolean;
  hostPorts: string[];
  /** UID of the controlling owner, for the system-default topology spread. */
  controllerUid?: string;
  terminating: boolean;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

export function makePodEntry(pod: Pod): PodEntry {
  const aff = pod.spec?.affinity ?? {};
  const hasAffinity = !!(aff.podAffinity || aff.podAntiAffinity);
  return {
    pod,
    key: podKey(pod),
    requests: podRequests(pod),
    nonZero: podRequests(pod, true),
    hasAffinity,
    hasRequiredAntiAffinity: (aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0,
    hostPorts: podHostPorts(pod),
    controllerUid: (pod.metadata.ownerReferences ?? []).find((o) => o.controller)?.uid,
    terminating: !!pod.metadata.deletionTimestamp,
  };
}

const NO_PORTS: string[] = Object.freeze([]) as unknown as string[];

/** "protocol/hostIP/port" for every container port that claims a host port (one shared empty list for the many pods without). */
export function podHostPorts(pod: Pod): string[] {
  let out: string[] | undefined;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) (out ??= []).push(`${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort}`);
    }
  }
  return out ?? NO_PORTS;
}

/** Slots of NodeInfo.hot. */
export const HOT = {
  allocMilliCPU: 0,
  allocMemory: 1,
  allocEphemeral: 2,
  allocPods: 3,
  reqMilliCPU: 4,
  reqMemory: 5,
  reqEphemeral: 6,
  nzMilliCPU: 7,
  nzMemory: 8,
  pods: 9,
} as const;
const HOT_SIZE = 10;

const NO_TAINTS: readonly Taint[] = Object.freeze([]);
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Filters and scores read a node's labels, taints and cordon for every node of every cycle (420
 * nodes a pod at 1,000 nodes): they are copied out of the Node object when it changes, into fields
 * of this one class, so those reads stay monomorphic property loads.
 */
export class NodeInfo {
  node!: Node;
  allocatable!: Allocatable;
  name!: string;
  labels!: Readonly<Record<string, string>>;
  taints!: readonly Taint[];
  unschedulable!: boolean;
  /** Some taint has effect PreferNoSchedule (only then can TaintToleration's score differ between nodes). */
  hasPreferNoSchedule!: boolean;
  readonly pods = new Map<string, PodEntry>();
  readonly podsWithAffinity = new Map<string, PodEntry>();
  readonly podsWithRequiredAntiAffinity = new Map<string, PodEntry>();
  readonly requested: Resources = emptyResources();
  readonly nonZeroRequested: Resources = emptyResources();
  readonly usedPorts = new Map<string, number>();
  /**
   * The numbers every filter and score reads for every node, side by side and unboxed (memory in
   * bytes is past the small-integer range, so as object fields each would be a separate boxed
   * number): see HOT for the layout. Kept in step with allocatable / requested / nonZeroRequested.
   */
  readonly hot = new Float64Array(HOT_SIZE);
  /** Non-terminating pods per controller UID. */
  readonly controllerCounts = new Map<string, number>();

  constructor(node: Node) {
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.name = node.metadata.name as string;
    this.labels = node.metadata.labels ?? NO_LABELS;
    this.taints = (node.spec?.taints as Taint[] | undefined) ?? NO_TAINTS;
    this.unschedulable = !!node.spec?.unschedulable;
    this.hasPreferNoSchedule = this.taints.some((t) => t.effect === 'PreferNoSchedule');
    this.refreshHot();
  }

  private refreshHot(): void {
    const h = this.hot;
    const a = this.allocatable;
    h[HOT.allocMilliCPU] = a.milliCPU;
    h[HOT.allocMemory] = a.memory;
    h[HOT.allocEphemeral] = a.ephemeralStorage;
    h[HOT.allocPods] = a.pods;
    h[HOT.reqMilliCPU] = this.requested.milliCPU;
    h[HOT.reqMemory] = this.requested.memory;
    h[HOT.reqEphemeral] = this.requested.ephemeralStorage;
    h[HOT.nzMilliCPU] = this.nonZeroRequested.milliCPU;
    h[HOT.nzMemory] = this.nonZeroRequested.memory;
    h[HOT.pods] = this.pods.size;
  }

  addPod(entry: PodEntry): void {
    if (this.pods.has(entry.key)) this.removePod(entry.key);
    this.pods.set(entry.key, entry);
    if (entry.hasAffinity) this.podsWithAffinity.set(entry.key, entry);
    if (entry.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.set(entry.key, entry);
    addResources(this.requested, entry.requests);
    addResources(this.nonZeroRequested, entry.nonZero);
    for (const p of entry.hostPorts) this.usedPorts.set(p, (this.usedPorts.get(p) ?? 0) + 1);
    if (entry.controllerUid && !entry.terminating) this.controllerCounts.set(entry.controllerUid, (this.controllerCounts.get(entry.controllerUid) ?? 0) + 1);
    this.refreshHot();
  }

  removePod(key: string): PodEntry | undefined {
    const entry = this.pods.get(key);
    if (!entry) return undefined;
    this.pods.delete(key);
    this.podsWithAffinity.delete(key);
    this.podsWithRequiredAntiAffinity.delete(key);
    addResources(this.requested, entry.requests, -1);
    addResources(this.nonZeroRequested, entry.nonZero, -1);
    for (const p of entry.hostPorts) {
      const n = (this.usedPorts.get(p) ?? 1) - 1;
      if (n <= 0) this.usedPorts.delete(p);
      else this.usedPorts.set(p, n);
    }
    if (entry.controllerUid && !entry.terminating) {
      const n = (this.controllerCounts.get(entry.controllerUid) ?? 1) - 1;
      if (n <= 0) this.controllerCounts.delete(entry.controllerUid);
      else this.controllerCounts.set(entry.controllerUid, n);
    }
    this.refreshHot();
    return entry;
  }
}
