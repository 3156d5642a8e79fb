// Writes the outcome of a failed attempt onto the pod: the PodScheduled=False condition via a
// strategic-merge patch of the status subresource (merged by condition type), skipped when the
// same condition is already there so retries do not cause write storms.

import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { Pod } from './framework/types.js';

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** The condition to write, or null when the pod already carries it. */
export function nextScheduledCondition(pod: Pod, reason: string, message: string, now: string): PodCondition | null {
  const cur = ((pod.status?.conditions ?? []) as PodCondition[]).find((c) => c.type === 'PodScheduled');
  if (cur && cur.status === 'False' && cur.reason === reason && cur.message === message) return null;
  const lastTransitionTime = cur && cur.status === 'False' && cur.lastTransitionTime ? cur.lastTransitionTime : now;
  return { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason, message };
}

export async function patchScheduledCondition(client: ApiClient, pod: Pod, cond: PodCondition): Promise<void> {
  const patch = { status: { conditions: [cond] } };
  await client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name, 'status'), 'strategic', patch);
}
