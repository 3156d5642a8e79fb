// Resource arithmetic for pods and nodes: the effective request of a pod (sum of app containers
// and restartable init containers, max with each one-shot init container, plus overhead), its
// "non-zero" request used only for scoring, and a node's allocatable.

import { intValue, milliValue } from './quantity.js';
import type { Node, Pod } from './types.js';

/** cpu in millicores, memory/ephemeral-storage in bytes, scalar = extended resources (e.g. tke.cloud.tencent.com/eni-ip). */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Map<string, number>;
}

/** kube-scheduler's defaults for containers without requests, used only when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const emptyResources = (): Resources => ({ milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() });

/** The scalar map of the many requests without extended resources: one shared instance that refuses writes. */
class NoScalars extends Map<string, number> {
  override set(): this {
    throw new Error('the shared empty scalar-resource map is read-only');
  }
}
const NO_SCALARS: Map<string, number> = new NoScalars();

/** `r` with its scalar map swapped for the shared empty one when it has none (a request kept per pod). */
function compact<T extends Resources>(r: T): T {
  if (r.scalar.size === 0) r.scalar = NO_SCALARS;
  return r;
}

type ResourceList = Record<string, string | number> | undefined;

function listToResources(list: ResourceList): Resources {
  const r = emptyResources();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name === 'cpu') r.milliCPU = milliValue(q);
    else if (name === 'memory') r.memory = intValue(q);
    else if (name === 'ephemeral-storage') r.ephemeralStorage = intValue(q);
    else if (isScalarResource(name)) r.scalar.set(name, intValue(q));
  }
  return r;
}

/** Extended resources (domain-prefixed, hugepages, attachable volumes) count; pods/storage do not. */
export function isScalarResource(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-');
}

export function addResources(into: Resources, r: Resources, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of r.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + sign * v);
}

function maxResources(into: Resources, r: Resources): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  for (const [k, v] of r.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
}

interface Container {
  resources?: { requests?: ResourceList };
  restartPolicy?: string;
}

/**
 * The pod's effective request. Init containers run one at a time before the app containers, so
 * each one-shot init container needs (its request + sidecars started before it); the pod needs
 * the max of that and the sum of app containers and sidecars. Overhead is added on top.
 */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const spec = pod.spec ?? {};
  const total = emptyResources();
  for (const c of (spec.containers ?? []) as Container[]) addResources(total, containerRequests(c, nonZero));
  const sidecars = emptyResources();
  const initMax = emptyResources();
  for (const c of (spec.initContainers ?? []) as Container[]) {
    const req = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addResources(sidecars, req);
      addResources(total, req);
      continue;
    }
    const withSidecars = emptyResources();
    addResources(withSidecars, sidecars);
    addResources(withSidecars, req);
    maxResources(initMax, withSidecars);
  }
  maxResources(total, initMax);
  if (spec.overhead) addResources(total, listToResources(spec.overhead));
  return compact(total);
}

function containerRequests(c: Container, nonZero: boolean): Resources {
  const r = listToResources(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests ?? {};
    if (req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

export interface Allocatable extends Resources {
  pods: number;
}

/** status.allocatable, falling back to capacity as the kubelet reports both. */
export function nodeAllocatable(node: Node): Allocatable {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  const r = listToResources(list);
  return compact({ ...r, pods: intValue(list.pods) });
}
