// Controller references (metav1.OwnerReference with controller=true) and the ControllerRefManager
// "claim" step every workload controller runs before acting (k8s pkg/controller/
// controller_ref_manager.go): adopt matching orphans, release owned objects that stopped matching,
// ignore objects controlled by someone else. Adoption and release are strategic-merge patches
// carrying metadata.uid as a precondition, so a recreated object with the same name is never touched.

import type { KubeObject, OwnerReference, ResourceRef } from '../apimachinery/types.js';
import { ApiError, isNotFound } from '../apimachinery/errors.js';
import type { ApiClient } from '../client/api-client.js';

export interface GroupVersionKind {
  apiVersion: string;
  kind: string;
}

export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return !!ref && ref.uid === owner.metadata.uid;
}

/** `{"metadata":{"ownerReferences":[<controllerRef>],"uid":<uid>}}` */
export function adoptPatch(ref: OwnerReference, uid: string): object {
  return { metadata: { ownerReferences: [ref], uid } };
}

/** `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":<ownerUid>}],"uid":<uid>}}` */
export function releasePatch(ownerUid: string, uid: string): object {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid } };
}

export interface ControllerRefManagerOptions {
  client: ApiClient;
  /** The controller object (e.g. the StatefulSet) and its kind. */
  controller: KubeObject;
  controllerKind: GroupVersionKind;
  /** Where the claimed objects live (e.g. R.pods); narrowed to the object on each patch. */
  childRef: ResourceRef;
  /** Label selector match of a child. */
  matches(obj: KubeObject): boolean;
  /**
   * Called once before the first adoption; throws to refuse adopting (client-go
   * RecheckDeletionTimestamp: a fresh GET of the controller, uid equal, not being deleted).
   */
  canAdopt?: () => Promise<void>;
}

/**
 * The fresh-read check client-go runs before adopting: the controller must still exist with the
 * same uid and must not be being deleted.
 */
export function recheckDeletionTimestamp(get: () => Promise<KubeObject>, original: KubeObject): () => Promise<void> {
  return async () => {
    const fresh = await get();
    const { namespace, name, uid } = original.metadata;
    if (fresh.metadata.uid !== uid) throw new Error(`original ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`);
    if (fresh.metadata.deletionTimestamp) throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  };
}

export class ControllerRefManager<T extends KubeObject = KubeObject> {
  private adoptCheck?: Promise<void>;

  constructor(private readonly o: ControllerRefManagerOptions) {}

  /**
   * Returns the objects this controller owns after adopting/releasing. `filters` further restrict
   * which objects may be claimed (StatefulSet: the pod name's parent must be the set). Errors of
   * individual adopt/release calls are collected and thrown together after all objects were seen.
   */
  async claim(objs: readonly T[], ...filters: Array<(o: T) => boolean>): Promise<T[]> {
    const claimed: T[] = [];
    const errs: unknown[] = [];
    const match = (o: T) => this.o.matches(o) && filters.every((f) => f(o));
    for (const obj of objs) {
      // Decided synchronously: most objects (already ours and matching, or someone else's) need
      // no API call, so only adoptions and releases pay for an await.
      const action = this.decide(obj, match);
      if (action === 'keep') claimed.push(obj);
      if (action !== 'adopt' && action !== 'release') continue;
      try {
        if (action === 'release') await this.release(obj);
        else if (await this.adopt(obj)) claimed.push(obj);
      } catch (e) {
        errs.push(e);
      }
    }
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) throw new AggregateError(errs, errs.map((e) => (e as Error).message).join(', '));
    return claimed;
  }

  /** What claiming obj takes (upstream ClaimObject): keep, ignore, adopt the orphan or release it. */
  private decide(obj: T, match: (o: T) => boolean): 'keep' | 'skip' | 'adopt' | 'release' {
    const ctl = this.o.controller;
    const ref = getControllerOf(obj);
    if (ref) {
      if (ref.uid !== ctl.metadata.uid) return 'skip'; // someone else's
      if (match(obj)) return 'keep';
      if (ctl.metadata.deletionTimestamp) return 'skip'; // being deleted: leave children alone
      return 'release';
    }
    // An orphan.
    if (ctl.metadata.deletionTimestamp || !match(obj)) return 'skip';
    if (obj.metadata.deletionTimestamp) return 'skip';
    if (ctl.metadata.namespace && ctl.metadata.namespace !== obj.metadata.namespace) return 'skip';
    return 'adopt';
  }

  private async adopt(obj: T): Promise<boolean> {
    if (this.o.canAdopt) {
      this.adoptCheck ??= this.o.canAdopt();
      try {
        await this.adoptCheck;
      } catch (e) {
        throw new Error(`can't adopt ${this.o.childRef.resource} ${obj.metadata.namespace}/${obj.metadata.name}: ${(e as Error).message}`, { cause: e });
      }
    }
    const ref = newControllerRef(this.o.controller, this.o.controllerKind);
    try {
      await this.o.client.patch(this.refOf(obj), 'strategic', adoptPatch(ref, obj.metadata.uid!));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false; // gone: nothing to own
      throw e;
    }
  }

  private async release(obj: T): Promise<void> {
    try {
      await this.o.client.patch(this.refOf(obj), 'strategic', releasePatch(this.o.controller.metadata.uid!, obj.metadata.uid!));
    } catch (e) {
      // NotFound: already gone. Invalid: no such ownerRef or uid mismatch (client-go ignores both).
      if (isNotFound(e) || (e instanceof ApiError && e.code === 422)) return;
      throw e;
    }
  }

  private refOf(obj: T): ResourceRef {
    return { ...this.o.childRef, namespace: obj.metadata.namespace, name: obj.metadata.name, subresource: undefined };
  }
}
