// Kruise's pod lifecycle hooks (pkg/util/lifecycle): a hook is "hooked" on a pod when the pod
// carries any of its handler labels (with the handler's value) or finalizers, "all hooked" when it
// carries every one. The state lives in the lifecycle.apps.kruise.io/state label.

import { LifecycleStateKey, LifecycleTimestampKey, type LifecycleHook, type LifecycleState } from '../../kruise/types.js';
import type { Pod } from '../statefulset/types.js';

function handlers(hook: LifecycleHook | undefined, pod: Pod): boolean[] {
  if (!hook) return [];
  const labels = pod.metadata.labels ?? {};
  const fins = pod.metadata.finalizers ?? [];
  return [...Object.entries(hook.labelsHandler ?? {}).map(([k, v]) => labels[k] === v), ...(hook.finalizersHandler ?? []).map((f) => fins.includes(f))];
}

export const isPodHooked = (hook: LifecycleHook | undefined, pod: Pod): boolean => handlers(hook, pod).some(Boolean);
/** A configured hook without handlers counts as all hooked (Kruise's loops find nothing missing). */
export const isPodAllHooked = (hook: LifecycleHook | undefined, pod: Pod): boolean => !!hook && handlers(hook, pod).every(Boolean);

export const lifecycleState = (pod: Pod): string => pod.metadata.labels?.[LifecycleStateKey] ?? '';

/** Metadata patch moving a pod to `state`, stamped with the time. */
export function statePatch(state: LifecycleState, now: number): { metadata: { labels: Record<string, string>; annotations: Record<string, string> } } {
  return { metadata: { labels: { [LifecycleStateKey]: state }, annotations: { [LifecycleTimestampKey]: new Date(now).toISOString().replace(/\.\d+Z$/, 'Z') } } };
}

/** Any state other than '' or Normal uses up the maxUnavailable budget. */
export const lifecycleUnavailable = (pod: Pod): boolean => !['', 'Normal'].includes(lifecycleState(pod));
