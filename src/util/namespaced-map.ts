// Values by namespace and name, in nested maps: its keys are the object's own namespace and name
// strings, which the object holds anyway, where a map keyed by "namespace/name" holds one more
// string per entry for every full garbage collection to mark. The store's versions and the
// informers' caches hold one entry per object of the cluster. Values of a namespace iterate in the
// order they were first set, as a Map's do; replacing a value keeps its place.

export class NamespacedMap<T> {
  private readonly byNamespace = new Map<string, Map<string, T>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  set(namespace: string, name: string, value: T): void {
    let names = this.byNamespace.get(namespace);
    if (!names) this.byNamespace.set(namespace, (names = new Map()));
    if (!names.has(name)) this.count++;
    names.set(name, value);
  }

  /** Whether there was such an entry. A namespace left empty is dropped. */
  delete(namespace: string, name: string): boolean {
    const names = this.byNamespace.get(namespace);
    if (!names?.delete(name)) return false;
    this.count--;
    if (names.size === 0) this.byNamespace.delete(namespace);
    return true;
  }

  /** The values of one namespace. */
  inNamespace(namespace: string): IterableIterator<T> | readonly T[] {
    return this.byNamespace.get(namespace)?.values() ?? [];
  }

  /** Every value, namespace by namespace. */
  *values(): IterableIterator<T> {
    for (const names of this.byNamespace.values()) yield* names.values();
  }
}
