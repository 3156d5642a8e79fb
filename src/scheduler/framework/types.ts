// Core vocabulary of the scheduling framework: plugin statuses, the per-cycle context and the
// plugin shape. Mirrors kube-scheduler's framework (PreFilter/Filter/PreScore/Score/Normalize) so
// plugin semantics and failure reasons carry over one to one.

import type { KubeObject } from '../../apimachinery/types.js';
import type { NodeInfo } from './node-info.js';

export type Pod = KubeObject;
export type Node = KubeObject;

/** Unschedulable may be fixed by preemption; UnschedulableAndUnresolvable may not. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Status {
  code: StatusCode;
  reasons: string[];
  /** The plugin that returned it (used by the queue to decide which events may help). */
  plugin?: string;
}

export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });

/** Read-only views of cluster objects that plugins need besides nodes and pods. */
export interface ClusterListers {
  pvc(namespace: string, name: string): KubeObject | undefined;
  pv(name: string): KubeObject | undefined;
  pvs(): KubeObject[];
  storageClass(name: string): KubeObject | undefined;
  namespace(name: string): KubeObject | undefined;
  namespaces(): KubeObject[];
}

/** Everything one scheduling attempt sees: the pod, a snapshot of nodes and plugin state. */
export interface CycleContext {
  pod: Pod;
  nodes: NodeInfo[];
  nodeByName: Map<string, NodeInfo>;
  /** The nodes holding pods with pod affinity or anti-affinity terms (a subset of `nodes`, same order). */
  havePodsWithAffinity: NodeInfo[];
  /** The nodes holding pods with required anti-affinity terms. */
  havePodsWithRequiredAntiAffinity: NodeInfo[];
  listers: ClusterListers;
  /** Per-plugin scratch space written in PreFilter/PreScore, read in Filter/Score. */
  state: Map<string, unknown>;
  /** Plugins whose PreFilter said "nothing to check" for this pod. */
  skipFilter: Set<string>;
  skipScore: Set<string>;
}

export interface PreFilterResult {
  status?: Status;
  /** Nothing to filter for this pod: skip Filter for this plugin. */
  skip?: boolean;
}

export interface Plugin {
  readonly name: string;
  /** Score weight in the default profile (0 = no scoring). */
  readonly weight?: number;
  preFilter?(ctx: CycleContext): PreFilterResult | void;
  filter?(ctx: CycleContext, node: NodeInfo): Status | null;
  /** Return true to skip scoring for this pod. */
  preScore?(ctx: CycleContext, feasible: NodeInfo[]): boolean | void;
  score?(ctx: CycleContext, node: NodeInfo): number;
  /** Rewrites raw scores (parallel to `nodes`) in place onto 0..MaxNodeScore. */
  normalize?(ctx: CycleContext, scores: number[], nodes: NodeInfo[]): void;
}

export const MAX_NODE_SCORE = 100;
