// The ownership graph the garbage collector keeps: every object it watches by UID, and for each
// owner UID the UIDs of its dependents.

import type { KubeObject } from '../../apimachinery/types.js';
import type { DiscoveredResource } from '../../client/discovery.js';

export interface GraphNode {
  res: DiscoveredResource;
  /** The object's metadata, as a PartialObjectMetadata (the collector's informers keep no more). */
  obj: Readonly<KubeObject>;
}

/**
 * Holds an object's metadata and its resource in two maps by UID, not a node object per UID: the
 * collector watches every object of every resource, so a node object would be one more heap object
 * per stored object for each full collection to mark, and one more to allocate per update. Nodes
 * are built when asked for.
 */
export class OwnershipGraph {
  private readonly objects = new Map<string, Readonly<KubeObject>>();
  private readonly resources = new Map<string, DiscoveredResource>();
  private readonly dependents = new Map<string, Set<string>>();

  upsert(res: DiscoveredResource, obj: Readonly<KubeObject>): void {
    const uid = obj.metadata.uid!;
    const prev = this.objects.get(uid);
    if (prev) this.unlinkOwners(uid, prev);
    this.objects.set(uid, obj);
    this.resources.set(uid, res);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
  }

  remove(obj: Readonly<KubeObject>): void {
    const uid = obj.metadata.uid!;
    const prev = this.objects.get(uid);
    if (prev) this.unlinkOwners(uid, prev);
    this.objects.delete(uid);
    this.resources.delete(uid);
  }

  private unlinkOwners(uid: string, obj: Readonly<KubeObject>): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(ref.uid);
      set?.delete(uid);
      if (set && set.size === 0) this.dependents.delete(ref.uid);
    }
  }

  get(uid: string): GraphNode | undefined {
    const obj = this.objects.get(uid);
    return obj && { res: this.resources.get(uid)!, obj };
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.get(d)).filter((n): n is GraphNode => !!n);
  }
}
