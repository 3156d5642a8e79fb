// In-place update of one pod (Kruise pkg/util/inplaceupdate): mark InPlaceUpdateReady=False (and
// Ready=False) in status, then rewrite the revision label, the inplace-update-state annotation and —
// at once or after gracePeriodSeconds — the container images and template metadata. Refresh applies
// a due grace spec and, once the node reports the new containers, sets InPlaceUpdateReady back to
// True. Completion uses imageID/containerID as Kruise does, and beyond Kruise also accepts the image
// the node reports for the spec's image, so a retag with the same digest does not stall.

import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { calculateInPlaceUpdate, describeImages, type InPlaceSpec } from '../../kruise/inplace-diff.js';
import {
  InPlaceUpdateGraceKey,
  InPlaceUpdateGraceKeyOld,
  InPlaceUpdateReady,
  InPlaceUpdateStateKey,
  InPlaceUpdateStateKeyOld,
  LifecycleStateKey,
  type InPlaceUpdateSpec,
  type InPlaceUpdateState,
} from '../../kruise/types.js';
import { StatefulSetRevisionLabel, type ControllerRevision, type Pod, type PodTemplateSpec } from '../statefulset/types.js';

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export function templateOf(rev: ControllerRevision | undefined): PodTemplateSpec | undefined {
  const tpl = (rev?.data as any)?.spec?.template;
  if (!tpl) return undefined;
  const { $patch: _p, ...rest } = tpl;
  return rest;
}

export function readState(pod: Pod): InPlaceUpdateState | undefined {
  const raw = pod.metadata.annotations?.[InPlaceUpdateStateKey] ?? pod.metadata.annotations?.[InPlaceUpdateStateKeyOld];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as InPlaceUpdateState;
  } catch {
    return undefined;
  }
}

export function readGrace(pod: Pod): InPlaceUpdateSpec | undefined {
  const raw = pod.metadata.annotations?.[InPlaceUpdateGraceKey] ?? pod.metadata.annotations?.[InPlaceUpdateGraceKeyOld];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as InPlaceUpdateSpec;
  } catch {
    return undefined;
  }
}

const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

/** docker.io/library/nginx:latest for "nginx": how runtimes report `image`. */
export function normalizeImage(ref: string): string {
  let name = ref;
  let digest = '';
  const atIdx = name.indexOf('@');
  if (atIdx >= 0) [name, digest] = [name.slice(0, atIdx), name.slice(atIdx)];
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (!(first.includes('.') || first.includes(':') || first === 'localhost')) name = `docker.io/${slash < 0 ? `library/${name}` : name}`;
  if (!digest && !name.slice(name.lastIndexOf('/') + 1).includes(':')) name += ':latest';
  return name + digest;
}

type ContainerStatus = { name: string; image?: string; imageID?: string; containerID?: string };

/** Why the in-place update of the pod is not finished yet, or undefined when it is. */
export function inPlaceIncompleteReason(pod: Pod): string | undefined {
  if (readGrace(pod)) return 'waiting for the grace period';
  const state = readState(pod);
  if (!state) return undefined;
  const statuses = new Map(((pod.status?.containerStatuses as ContainerStatus[] | undefined) ?? []).map((c) => [c.name, c]));
  const specs = new Map(((pod.spec?.containers as { name: string; image: string }[] | undefined) ?? []).map((c) => [c.name, c]));
  for (const [name, last] of Object.entries(state.lastContainerStatuses ?? {})) {
    const cs = statuses.get(name);
    if (!cs) return `container ${name} has no status`;
    const want = normalizeImage(specs.get(name)?.image ?? '');
    const runsWanted = !!cs.image && normalizeImage(cs.image) === want;
    // Kruise: same imageID and a different reported image = not updated yet.
    if (cs.imageID === last.imageID && !runsWanted) return `container ${name} imageID not changed`;
    // Beyond Kruise: the reported image must be the spec's, from a container started after the patch.
    if (!runsWanted) return `container ${name} still runs ${cs.image}`;
    if (last.containerID && cs.containerID === last.containerID && cs.imageID === last.imageID) return `container ${name} not restarted yet`;
  }
  return undefined;
}

export const hasInPlaceGate = (pod: Pod): boolean => ((pod.spec?.readinessGates as { conditionType: string }[] | undefined) ?? []).some((g) => g.conditionType === InPlaceUpdateReady);

/** True while the pod is inside an in-place update (condition False or a pending spec). */
export function isInPlaceUpdating(pod: Pod): boolean {
  if (readGrace(pod)) return true;
  return !!readState(pod) && condition(pod, InPlaceUpdateReady)?.status === 'False';
}

export interface InPlaceUpdater {
  /** Starts the update; returns the spec applied (or deferred). */
  start(pod: Pod, spec: InPlaceSpec, revision: string, graceSeconds: number): Promise<void>;
  /**
   * Applies a due grace spec or finishes a completed update: a delay when a grace is pending,
   * 'changed' when it wrote the grace spec (or dropped a stale one), 'ready' when it set
   * InPlaceUpdateReady back to True.
   */
  refresh(pod: Pod): Promise<RefreshResult>;
  /** Only the InPlaceUpdateReady part of refresh (nothing while a grace period is pending): true when it set the condition True. */
  refreshCondition(pod: Pod): Promise<boolean>;
}

export type RefreshResult = 'changed' | 'ready' | number | undefined;

/** The pod as it is after refresh() set InPlaceUpdateReady=True (the informer has not caught up yet). */
export function withInPlaceReady(pod: Pod): Pod {
  const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === InPlaceUpdateReady ? { ...c, status: 'True' as const } : c));
  if (!conditions.some((c) => c.type === InPlaceUpdateReady)) conditions.push({ type: InPlaceUpdateReady, status: 'True' });
  return { ...pod, status: { ...(pod.status ?? {}), conditions } };
}

export { calculateInPlaceUpdate, describeImages };

function specPatch(spec: InPlaceSpec | InPlaceUpdateSpec, pod: Pod): Record<string, any> {
  const images = spec.containerImages ?? {};
  const containers = ((pod.spec?.containers as { name: string }[] | undefined) ?? []).filter((c) => c.name in images).map((c) => ({ name: c.name, image: images[c.name] }));
  const meta = spec.metaDataPatch ?? {};
  return {
    metadata: { labels: { ...(meta.labels ?? {}) }, annotations: { ...(meta.annotations ?? {}) } },
    ...(containers.length ? { spec: { containers } } : {}),
  };
}

function merge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out = structuredClone(a);
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? merge(out[k], v) : v;
  return out;
}

export class ApiInPlaceUpdater implements InPlaceUpdater {
  constructor(
    private readonly client: ApiClient,
    private readonly now: () => number,
  ) {}

  private ref(pod: Pod, sub?: string) {
    return at(R.pods, pod.metadata.namespace, pod.metadata.name, sub);
  }

  /** InPlaceUpdateReady (and Ready, which kubelet recomputes later) as a status patch. */
  private async setCondition(pod: Pod, status: 'True' | 'False', reason?: string): Promise<void> {
    const t = rfc3339(this.now());
    const conditions: Record<string, unknown>[] = [{ type: InPlaceUpdateReady, status, lastTransitionTime: t, ...(reason ? { reason } : {}) }];
    if (status === 'False') conditions.push({ type: 'Ready', status: 'False', lastTransitionTime: t, reason: 'ReadinessGatesNotReady', message: `the status of pod readiness gate "${InPlaceUpdateReady}" is not "True", but False` });
    await this.client.patch(this.ref(pod, 'status'), 'strategic', { status: { conditions } });
  }

  async start(pod: Pod, spec: InPlaceSpec, revision: string, graceSeconds: number): Promise<void> {
    if (hasInPlaceGate(pod)) await this.setCondition(pod, 'False', 'StartInPlaceUpdate');
    const last: InPlaceUpdateState['lastContainerStatuses'] = {};
    for (const cs of (pod.status?.containerStatuses as ContainerStatus[] | undefined) ?? []) {
      if (cs.name in spec.containerImages) last[cs.name] = { imageID: cs.imageID, ...(cs.containerID ? { containerID: cs.containerID } : {}) };
    }
    const state: InPlaceUpdateState = { revision, updateTimestamp: rfc3339(this.now()), lastContainerStatuses: last, ...(Object.keys(spec.containerImages).length ? { updateImages: true } : {}) };
    const labels: Record<string, string> = { [StatefulSetRevisionLabel]: revision };
    if (pod.metadata.labels?.[LifecycleStateKey]) labels[LifecycleStateKey] = 'Updating';
    let patch: Record<string, any> = { metadata: { labels, annotations: { [InPlaceUpdateStateKey]: JSON.stringify(state) } } };
    if (graceSeconds > 0) {
      const pending: InPlaceUpdateSpec = { revision, containerImages: spec.containerImages, metaDataPatch: spec.metaDataPatch, graceSeconds };
      patch.metadata.annotations[InPlaceUpdateGraceKey] = JSON.stringify(pending);
    } else {
      patch = merge(specPatch(spec, pod), patch);
    }
    await this.client.patch(this.ref(pod), 'strategic', patch);
  }

  async refresh(pod: Pod): Promise<RefreshResult> {
    const grace = readGrace(pod);
    if (grace) return this.refreshGrace(pod, grace);
    return (await this.refreshCondition(pod)) ? 'ready' : undefined;
  }

  /** Kruise's refreshCondition: any pod with the gate gets the condition True once no update is in flight. */
  async refreshCondition(pod: Pod): Promise<boolean> {
    if (readGrace(pod) || !hasInPlaceGate(pod) || condition(pod, InPlaceUpdateReady)?.status === 'True') return false;
    if (inPlaceIncompleteReason(pod)) return false;
    await this.setCondition(pod, 'True');
    return true;
  }

  private async refreshGrace(pod: Pod, grace: InPlaceUpdateSpec): Promise<'changed' | number> {
    const drop = { metadata: { annotations: { [InPlaceUpdateGraceKey]: null, [InPlaceUpdateGraceKeyOld]: null } } };
    if (pod.metadata.labels?.[StatefulSetRevisionLabel] !== grace.revision) {
      await this.client.patch(this.ref(pod), 'strategic', drop); // rolled back or superseded: the normal flow takes over
      return 'changed';
    }
    const started = Date.parse(readState(pod)?.updateTimestamp ?? '') || 0;
    const left = started + (grace.graceSeconds ?? 0) * 1000 - this.now();
    if (left > 0) return Math.ceil(left / 1000) * 1000;
    await this.client.patch(this.ref(pod), 'strategic', merge(specPatch(grace, pod), drop));
    return 'changed';
  }
}
