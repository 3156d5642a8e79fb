// StatefulPodControl (k8s stateful_pod_control.go): the StatefulSet meaning of pod and claim writes
// — claims before pods, identity/storage repair with retry on conflict, the PVC retention policy as
// ownerRefs — over a narrow ObjectManager seam (raw Pod/PVC CRUD), with upstream's event
// reasons and messages ("create Pod web-0 in StatefulSet web successful", ...).

import { ApiError, isAlreadyExists, isConflict, isNotFound } from '../../apimachinery/errors.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import type { PersistentVolumeClaim, Pod, StatefulSet } from './types.js';
import { podKind } from './types.js';
import {
  getOrdinal,
  getPersistentVolumeClaimName,
  getPersistentVolumeClaimRetentionPolicy,
  getPersistentVolumeClaims,
  hasStaleOwnerRef,
  hasUnexpectedController,
  identityMatches,
  isClaimOwnerUpToDate,
  storageMatches,
  updateClaimOwnerRefForSetAndPod,
  updateIdentity,
  updateStorage,
} from './utils.js';

/** Raw Pod/PVC access. Reads may come from a cache; writes go to the API. Errors are ApiErrors. */
export interface ObjectManager {
  createPod(pod: Pod): Promise<void>;
  getPod(namespace: string, name: string): Promise<Pod>;
  updatePod(pod: Pod): Promise<void>;
  deletePod(pod: Pod): Promise<void>;
  createClaim(claim: PersistentVolumeClaim): Promise<void>;
  getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim>;
  updateClaim(claim: PersistentVolumeClaim): Promise<void>;
}

/** Optional cache reads ("ns/name" → object); without them the manager GETs from the API. */
export interface ObjectCaches {
  pod?(key: string): Pod | undefined;
  claim?(key: string): PersistentVolumeClaim | undefined;
}

export class ApiObjectManager implements ObjectManager {
  constructor(
    private readonly client: ApiClient,
    private readonly caches: ObjectCaches = {},
  ) {}
  async createPod(pod: Pod): Promise<void> {
    await this.client.create(at(R.pods, pod.metadata.namespace), pod);
  }
  async getPod(namespace: string, name: string): Promise<Pod> {
    return this.cached(this.caches.pod, R.pods.resource, namespace, name) ?? this.client.get<Pod>(at(R.pods, namespace, name));
  }
  async updatePod(pod: Pod): Promise<void> {
    await this.client.update(at(R.pods, pod.metadata.namespace, pod.metadata.name), pod);
  }
  async deletePod(pod: Pod): Promise<void> {
    await this.client.delete(at(R.pods, pod.metadata.namespace, pod.metadata.name));
  }
  async createClaim(claim: PersistentVolumeClaim): Promise<void> {
    await this.client.create(at(R.persistentvolumeclaims, claim.metadata.namespace), claim);
  }
  async getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim> {
    return (
      this.cached(this.caches.claim, R.persistentvolumeclaims.resource, namespace, name) ??
      this.client.get<PersistentVolumeClaim>(at(R.persistentvolumeclaims, namespace, name))
    );
  }
  async updateClaim(claim: PersistentVolumeClaim): Promise<void> {
    await this.client.update(at(R.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name), claim);
  }

  /** A cache miss is a NotFound, as a lister's is. */
  private cached<T>(get: ((key: string) => T | undefined) | undefined, resource: string, ns: string, name: string): T | undefined {
    if (!get) return undefined;
    const o = get(`${ns}/${name}`);
    if (!o) throw notFound(resource, name);
    return structuredClone(o);
  }
}

function notFound(resource: string, name: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `${resource} "${name}" not found`, details: { name, kind: resource } });
}

const title = (verb: string) => verb.charAt(0).toUpperCase() + verb.slice(1);
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class StatefulPodControl {
  constructor(
    readonly objects: ObjectManager,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates the pod's claims, then the pod; AlreadyExists of the pod is returned without an event. */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createPersistentVolumeClaims(set, pod);
    } catch (e) {
      this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.objects.createPod(pod);
    } catch (e) {
      if (!isAlreadyExists(e)) this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
    this.recordPodEvent('create', set, pod);
  }

  /** Repairs identity, storage and claim retention of an existing pod, retrying on conflict. */
  async updateStatefulPod(set: StatefulSet, original: Pod): Promise<void> {
    let pod = structuredClone(original) as Pod;
    let attempted = false;
    let lastErr: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      lastErr = undefined;
      try {
        const dirty = await this.repair(set, pod);
        if (!dirty) break;
        attempted = true;
        await this.objects.updatePod(pod);
        break;
      } catch (e) {
        lastErr = e;
        if (!attempted || !isConflict(e)) break;
        pod = structuredClone(await this.objects.getPod(set.metadata.namespace!, pod.metadata.name!)) as Pod;
      }
    }
    if (attempted || lastErr) this.recordPodEvent('update', set, pod, lastErr);
    if (lastErr) throw lastErr;
  }

  private async repair(set: StatefulSet, pod: Pod): Promise<boolean> {
    let dirty = false;
    if (!identityMatches(set, pod)) {
      updateIdentity(set, pod);
      dirty = true;
    }
    if (!storageMatches(set, pod)) {
      updateStorage(set, pod);
      dirty = true;
      await this.createPersistentVolumeClaims(set, pod);
    }
    if (!(await this.claimsMatchRetentionPolicy(set, pod))) {
      await this.updatePodClaimForRetentionPolicy(set, pod);
      dirty = true;
    }
    return dirty;
  }

  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.objects.deletePod(pod);
    } catch (e) {
      this.recordPodEvent('delete', set, pod, e);
      throw e;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /**
   * The pod's claims (one per volumeClaimTemplate) that exist, in template order. Missing ones are
   * skipped (picked up on a later sync); other read errors are thrown as `readError` words them.
   */
  private async *existingClaims(set: StatefulSet, pod: Pod, readError: (name: string, e: unknown) => Error): AsyncGenerator<[string, PersistentVolumeClaim]> {
    for (const tpl of set.spec.volumeClaimTemplates ?? []) {
      const name = getPersistentVolumeClaimName(set, tpl, getOrdinal(pod));
      let claim: PersistentVolumeClaim;
      try {
        claim = await this.objects.getClaim(set.metadata.namespace!, name);
      } catch (e) {
        if (isNotFound(e)) continue;
        throw readError(name, e);
      }
      yield [name, claim];
    }
  }

  async claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): Promise<boolean> {
    const readError = (name: string, e: unknown) => new Error(`Could not retrieve claim ${name} for ${pod.metadata.name} when checking PVC deletion policy`, { cause: e });
    for await (const [, claim] of this.existingClaims(set, pod, readError)) {
      if (!isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const readError = (name: string, e: unknown) =>
      new Error(`Could not retrieve claim ${name} not found for ${pod.metadata.name} when checking PVC deletion policy: ${errText(e)}`, { cause: e });
    for await (const [name, claim] of this.existingClaims(set, pod, readError)) {
      if (hasUnexpectedController(claim, set, pod)) {
        this.recorder.event(set, 'Warning', 'ConflictingController', `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`);
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const next = structuredClone(claim) as PersistentVolumeClaim;
      updateClaimOwnerRefForSetAndPod(next, set, pod);
      try {
        await this.objects.updateClaim(next);
      } catch (e) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${errText(e)}`, { cause: e });
      }
    }
  }

  /** With whenScaled=Delete, a claim still owned by an earlier pod of that name blocks creation. */
  async podClaimIsStale(set: StatefulSet, pod: Pod): Promise<boolean> {
    if (getPersistentVolumeClaimRetentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      try {
        const pvc = await this.objects.getClaim(claim.metadata.namespace!, claim.metadata.name!);
        if (hasStaleOwnerRef(pvc, pod, podKind)) return true;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return false;
  }

  async createMissingPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createPersistentVolumeClaims(set, pod);
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
  }

  async createPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errs: string[] = [];
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      try {
        const pvc = await this.objects.getClaim(claim.metadata.namespace!, claim.metadata.name!);
        if (pvc.metadata.deletionTimestamp) errs.push(`pvc ${claim.metadata.name} is being deleted`);
      } catch (e) {
        if (isNotFound(e)) await this.createClaim(set, pod, claim, errs);
        else {
          errs.push(`failed to retrieve PVC ${claim.metadata.name}: ${errText(e)}`);
          this.recordClaimEvent('create', set, pod, claim, e);
        }
      }
    }
    if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  }

  private async createClaim(set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, errs: string[]): Promise<void> {
    try {
      await this.objects.createClaim(claim);
      this.recordClaimEvent('create', set, pod, claim);
    } catch (e) {
      errs.push(`failed to create PVC ${claim.metadata.name}: ${errText(e)}`);
      if (!isAlreadyExists(e)) this.recordClaimEvent('create', set, pod, claim, e);
    }
  }

  private recordPodEvent(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const [p, s] = [pod.metadata.name, set.metadata.name];
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${p} in StatefulSet ${s} successful`);
    else this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${p} in StatefulSet ${s} failed error: ${errText(err)}`);
  }

  private recordClaimEvent(verb: string, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, err?: unknown): void {
    const [c, p, s] = [claim.metadata.name, pod.metadata.name, set.metadata.name];
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${c} Pod ${p} in StatefulSet ${s} success`);
    else this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${c} for Pod ${p} in StatefulSet ${s} failed error: ${errText(err)}`);
  }
}
