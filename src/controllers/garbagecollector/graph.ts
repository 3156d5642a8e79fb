// The ownership graph the garbage collector keeps: every object it watches by UID, and for each
// owner UID the UIDs of its dependents.

import type { KubeObject } from '../../apimachinery/types.js';
import type { DiscoveredResource } from '../../client/discovery.js';

export interface GraphNode {
  res: DiscoveredResource;
  /** The object's metadata, as a PartialObjectMetadata (the collector's informers keep no more). */
  obj: Readonly<KubeObject>;
}

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  upsert(res: DiscoveredResource, obj: Readonly<KubeObject>): void {
    const uid = obj.metadata.uid!;
    const prev = this.nodes.get(uid);
    if (prev) this.unlinkOwners(uid, prev.obj);
    this.nodes.set(uid, { res, obj });
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
  }

  remove(obj: Readonly<KubeObject>): void {
    const uid = obj.metadata.uid!;
    const prev = this.nodes.get(uid);
    if (prev) this.unlinkOwners(uid, prev.obj);
    this.nodes.delete(uid);
  }

  private unlinkOwners(uid: string, obj: Readonly<KubeObject>): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(ref.uid);
      set?.delete(uid);
      if (set && set.size === 0) this.dependents.delete(ref.uid);
    }
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is GraphNode => !!n);
  }
}
