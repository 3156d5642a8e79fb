// Builders for scheduler tests: nodes, pods and snapshots with only the fields a case needs.

import { makePodEntry, NodeInfo } from './node-info.js';
import { newCycle, type Snapshot } from './schedule-one.js';
import type { ClusterListers, CycleContext, Node, Pod } from './types.js';
import { staticListers } from '../listers.js';

export function node(name: string, opts: { labels?: Record<string, string>; cpu?: string; memory?: string; pods?: string; taints?: any[]; unschedulable?: boolean; extra?: Record<string, string> } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110', 'ephemeral-storage': '100Gi', ...opts.extra } },
  };
}

export function pod(name: string, opts: { ns?: string; labels?: Record<string, string>; cpu?: string; memory?: string; nodeName?: string; spec?: Record<string, any> } = {}): Pod {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', labels: opts.labels ?? {} },
    spec: { nodeName: opts.nodeName, containers: [{ name: 'c', image: 'x', resources: { requests } }], ...opts.spec },
  };
}

/** A snapshot of `nodes` with `pods` placed on their spec.nodeName. */
export function snapshot(nodes: Node[], pods: Pod[] = []): Snapshot {
  const infos = nodes.map((n) => new NodeInfo(n));
  const byName = new Map(infos.map((i) => [i.name, i]));
  for (const p of pods) byName.get(p.spec?.nodeName)?.addPod(makePodEntry(p));
  return { nodes: infos, nodeByName: byName };
}

export function cycle(p: Pod, snap: Snapshot, listers: ClusterListers = staticListers()): CycleContext {
  return newCycle(p, snap, listers);
}
