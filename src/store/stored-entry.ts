// One stored version of an object. Its JSON (what SQLite holds, what GET, LIST and watch send) is
// kept for as long as the version is. The parsed, deep-frozen object is only kept while something
// is using it: from the write until the write's callers and watchers have had it, then dropped
// (compact()), and parsed again on demand (an update's old object, a selector), giving an equal
// frozen object that is kept until the next compaction. Parsed, even a small ConfigMap is seven
// more heap objects (the object, its metadata and data, their strings) for every full garbage
// collection to mark; its JSON is one (docs/adr/0009-stored-objects-as-json.md).

import type { KubeObject } from '../apimachinery/types.js';
import type { StoredObject } from './store.js';

export interface StoredEntryInit {
  resource: string;
  namespace: string;
  name: string;
  rv: number;
  json: string;
  /** The parsed form, already frozen; parsed lazily from json when absent. */
  obj?: Readonly<KubeObject>;
}

export class StoredEntry implements StoredObject {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly rv: number;
  readonly json: string;
  private parsed: Readonly<KubeObject> | undefined;

  constructor(init: StoredEntryInit) {
    this.resource = init.resource;
    this.namespace = init.namespace;
    this.name = init.name;
    this.rv = init.rv;
    this.json = init.json;
    this.parsed = init.obj;
  }

  get obj(): Readonly<KubeObject> {
    return (this.parsed ??= deepFreeze(JSON.parse(this.json) as KubeObject));
  }

  /** Drops the parsed form; obj parses it again if asked. */
  compact(): void {
    this.parsed = undefined;
  }
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
