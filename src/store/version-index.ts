// The current version of every object, by resource, namespace and name: the store keeps two of
// these (every write applied, and the durable ones only). Nested maps rather than one map keyed by
// "namespace/name": the keys are then the object's own namespace and name strings, which the
// version holds anyway, instead of one more string per stored object for every full garbage
// collection to mark; and a namespace's objects are listed without scanning the others.

import type { StoredEntry } from './stored-entry.js';

export class VersionIndex {
  private readonly byResource = new Map<string, Map<string, Map<string, StoredEntry>>>();

  get(resource: string, namespace: string, name: string): StoredEntry | undefined {
    return this.byResource.get(resource)?.get(namespace)?.get(name);
  }

  set(o: StoredEntry): void {
    let namespaces = this.byResource.get(o.resource);
    if (!namespaces) this.byResource.set(o.resource, (namespaces = new Map()));
    let names = namespaces.get(o.namespace);
    if (!names) namespaces.set(o.namespace, (names = new Map()));
    names.set(o.name, o);
  }

  delete(o: StoredEntry): void {
    const namespaces = this.byResource.get(o.resource);
    const names = namespaces?.get(o.namespace);
    if (!names?.delete(o.name)) return;
    if (names.size === 0) namespaces!.delete(o.namespace);
  }

  /** The versions of a resource, of one namespace or all, sorted by namespace then name. */
  list(resource: string, namespace?: string): StoredEntry[] {
    const namespaces = this.byResource.get(resource);
    if (!namespaces) return [];
    const out: StoredEntry[] = [];
    if (namespace !== undefined) {
      for (const o of namespaces.get(namespace)?.values() ?? []) out.push(o);
    } else {
      for (const names of namespaces.values()) for (const o of names.values()) out.push(o);
    }
    return out.sort(compareStored);
  }

  count(resource: string): number {
    let n = 0;
    for (const names of this.byResource.get(resource)?.values() ?? []) n += names.size;
    return n;
  }
}

function compareStored(a: StoredEntry, b: StoredEntry): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
