// The Node and Lease objects a kubelet registers and keeps fresh, as pure functions of the node's
// name, index, shape and the time: labels, capacity/allocatable, podCIDR, addresses, nodeInfo,
// daemonEndpoints and the four conditions in kubelet's words.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../apimachinery/types.js';
import { SIMULATED_LABEL } from './annotations.js';
import { indexOfPodCidr, nodeInternalIp, podCidrFor, zoneFor } from './node-network.js';
import { rfc3339Seconds } from './rfc3339.js';

export interface NodeShape {
  cpu: string;
  memory: string;
  pods: string;
  ephemeralStorage: string;
  /** TKE's extended resource, so the seed's TKE manifests schedule unmodified. */
  eniIp: string;
  instanceType: string;
}

export const DEFAULT_NODE_SHAPE: Readonly<NodeShape> = Object.freeze({
  cpu: '8',
  memory: '32Gi',
  pods: '110',
  ephemeralStorage: '100Gi',
  eniIp: '32',
  instanceType: 'ordinal.large',
});

export interface NodeIdentity {
  name: string;
  index: number;
  shape: NodeShape;
  clusterCidr: string;
  kubeletVersion: string;
}

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

const iso = rfc3339Seconds;
/** metav1.MicroTime as it is serialized. */
export const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function hex(seed: string, len: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, len);
}
function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Kubelet's view of memory: allocatable = capacity − the 100Mi hard eviction threshold. */
function allocatableMemory(memory: string): string {
  const m = /^(\d+)(Ki|Mi|Gi)$/.exec(memory);
  if (!m) return memory;
  const ki = Number(m[1]) * { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[m[2] as 'Ki' | 'Mi' | 'Gi'];
  return `${ki - 100 * 1024}Ki`;
}

export function nodeConditions(now: number, ready = true): Record<string, unknown>[] {
  const t = iso(now);
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : c('Ready', 'False', 'KubeletNotReady', 'container runtime is down'),
  ];
}

/** Fresh heartbeats; transition times kept where the status did not change. */
export function refreshConditions(existing: any[] | undefined, now: number): Record<string, unknown>[] {
  return nodeConditions(now).map((c: any) => {
    const old = existing?.find((o) => o.type === c.type);
    return old && old.status === c.status && old.lastTransitionTime ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
}

export function nodeStatus(id: NodeIdentity, now: number, images: string[] = []): Record<string, any> {
  const s = id.shape;
  return {
    capacity: { cpu: s.cpu, memory: s.memory, pods: s.pods, 'ephemeral-storage': s.ephemeralStorage, 'tke.cloud.tencent.com/eni-ip': s.eniIp },
    allocatable: {
      cpu: s.cpu,
      memory: allocatableMemory(s.memory),
      pods: s.pods,
      'ephemeral-storage': s.ephemeralStorage,
      'tke.cloud.tencent.com/eni-ip': s.eniIp,
    },
    conditions: nodeConditions(now),
    addresses: [
      { type: 'InternalIP', address: nodeInternalIp(id.index) },
      { type: 'Hostname', address: id.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: hex(`machine/${id.name}`, 32),
      systemUUID: uuid(`system/${id.name}`),
      bootID: uuid(`boot/${id.name}`),
      kernelVersion: '6.8.0-ordinal',
      osImage: 'Ordinal simulated node (Debian GNU/Linux 12)',
      containerRuntimeVersion: 'ordinal://0.1.0',
      kubeletVersion: id.kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: images.map((name) => ({ names: [name], sizeBytes: 0 })),
  };
}

export function nodeObject(id: NodeIdentity, now: number): KubeObject {
  const cidr = podCidrFor(id.index, id.clusterCidr);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      labels: {
        'kubernetes.io/hostname': id.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': zoneFor(id.index),
        'node.kubernetes.io/instance-type': id.shape.instanceType,
        [SIMULATED_LABEL]: 'true',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: nodeStatus(id, now),
  };
}

export function leaseObject(node: KubeObject, now: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
  };
}

/** The node index encoded in an existing node's podCIDR (so restarts keep CIDR and IP). */
export function indexFromNode(node: KubeObject, clusterCidr: string): number | undefined {
  const cidr: string | undefined = node.spec?.podCIDR;
  return cidr ? indexOfPodCidr(cidr, clusterCidr) : undefined;
}
