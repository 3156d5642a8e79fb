// The current version of every object, by resource, namespace and name: the store keeps two of
// these (every write applied, and the durable ones only). Keyed by the version's own namespace and
// name strings (NamespacedMap), so a stored version costs no key string, and a namespace's
// objects list without scanning the others.

import { NamespacedMap } from '../util/namespaced-map.js';
import type { StoredEntry } from './stored-entry.js';

export class VersionIndex {
  private readonly byResource = new Map<string, NamespacedMap<StoredEntry>>();

  get(resource: string, namespace: string, name: string): StoredEntry | undefined {
    return this.byResource.get(resource)?.get(namespace, name);
  }

  set(o: StoredEntry): void {
    let versions = this.byResource.get(o.resource);
    if (!versions) this.byResource.set(o.resource, (versions = new NamespacedMap()));
    versions.set(o.namespace, o.name, o);
  }

  delete(o: StoredEntry): void {
    this.byResource.get(o.resource)?.delete(o.namespace, o.name);
  }

  /** The versions of a resource, of one namespace or all, sorted by namespace then name. */
  list(resource: string, namespace?: string): StoredEntry[] {
    const versions = this.byResource.get(resource);
    if (!versions) return [];
    return [...(namespace === undefined ? versions.values() : versions.inNamespace(namespace))].sort(compareStored);
  }

  count(resource: string): number {
    return this.byResource.get(resource)?.size ?? 0;
  }
}

function compareStored(a: StoredEntry, b: StoredEntry): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
