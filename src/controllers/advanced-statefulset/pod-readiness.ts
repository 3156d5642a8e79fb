// Kruise's pod readiness control (pkg/util/podreadiness) behind lifecycle `markPodNotReady`: the
// KruisePodReady condition carries a JSON list of the holders keeping the pod not ready
// ({userAgent, key}); adding a holder sets it False, removing the last sets it True. Pods without
// the KruisePodReady readiness gate are left alone, as Kruise does.

import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { KruisePodReady } from '../../kruise/types.js';
import type { Pod } from '../statefulset/types.js';

export interface ReadinessMessage {
  userAgent: string;
  key: string;
}

export const preUpdateHookKey: ReadinessMessage = { userAgent: 'Lifecycle', key: 'preUpdateHook' };
export const preDeleteHookKey: ReadinessMessage = { userAgent: 'Lifecycle', key: 'preDeleteHook' };

const hasGate = (pod: Pod): boolean => ((pod.spec?.readinessGates as { conditionType: string }[] | undefined) ?? []).some((g) => g.conditionType === KruisePodReady);

function holders(pod: Pod): ReadinessMessage[] {
  const msg = pod.status?.conditions?.find((c) => c.type === KruisePodReady)?.message;
  try {
    return msg ? (JSON.parse(msg) as ReadinessMessage[]) : [];
  } catch {
    return [];
  }
}

const same = (a: ReadinessMessage, b: ReadinessMessage) => a.userAgent === b.userAgent && a.key === b.key;

/** Adds (`add`) or removes a holder; writes the condition (and Ready=False when not ready) only on change. */
export async function setNotReadyKey(client: ApiClient, pod: Pod, msg: ReadinessMessage, add: boolean, now: string): Promise<void> {
  if (!hasGate(pod)) return;
  const cur = holders(pod);
  const has = cur.some((m) => same(m, msg));
  if (has === add) return;
  const next = add ? [...cur, msg] : cur.filter((m) => !same(m, msg));
  const status = next.length ? 'False' : 'True';
  const conditions: Record<string, unknown>[] = [{ type: KruisePodReady, status, message: next.length ? JSON.stringify(next) : '', lastTransitionTime: now }];
  if (status === 'False') conditions.push({ type: 'Ready', status: 'False', lastTransitionTime: now, reason: 'ReadinessGatesNotReady', message: `the status of pod readiness gate "${KruisePodReady}" is not "True", but False` });
  await client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name, 'status'), 'strategic', { status: { conditions } });
}
