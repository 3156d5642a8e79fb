// Node health as kube-controller-manager's node lifecycle controller judges it: a node is alive
// while its Lease (or its Ready heartbeat) keeps changing; the time of the last change is taken
// from this controller's own clock (probeTimestamp), never from the kubelet's, so clock skew
// cannot keep a dead node alive. After the grace period every condition turns Unknown.

import type { KubeObject } from '../../apimachinery/types.js';

export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

export interface Health {
  probeTimestamp: number;
  leaseRenewTime?: string;
  readyHeartbeat?: string;
}

/** Updates the probe timestamp when the lease renew time or the Ready heartbeat moved. */
export function observeHealth(h: Health | undefined, node: KubeObject | undefined, lease: KubeObject | undefined, now: number): Health {
  const renew: string | undefined = lease?.spec?.renewTime;
  const hb: string | undefined = node?.status?.conditions?.find((c: any) => c.type === 'Ready')?.lastHeartbeatTime;
  if (!h) return { probeTimestamp: now, leaseRenewTime: renew, readyHeartbeat: hb };
  if (renew !== h.leaseRenewTime || hb !== h.readyHeartbeat) return { probeTimestamp: now, leaseRenewTime: renew, readyHeartbeat: hb };
  return h;
}

/** The conditions to write when the grace period passed, or undefined when they are already Unknown. */
export function unknownConditions(node: KubeObject, nowIso: string): any[] | undefined {
  const conds: any[] = node.status?.conditions ?? [];
  const wanted = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
  if (wanted.every((t) => conds.find((c) => c.type === t)?.status === 'Unknown')) return undefined;
  return wanted.map((type) => {
    const old = conds.find((c) => c.type === type);
    if (old?.status === 'Unknown') return old;
    return {
      type,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: NODE_STATUS_UNKNOWN_MESSAGE,
      lastHeartbeatTime: old?.lastHeartbeatTime ?? nowIso,
      lastTransitionTime: nowIso,
    };
  });
}

export function readyStatus(node: KubeObject): 'True' | 'False' | 'Unknown' | undefined {
  return node.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;
}
