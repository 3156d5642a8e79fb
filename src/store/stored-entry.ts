// One stored version of an object. Its JSON (what SQLite holds, what LIST and watch send) is kept
// for as long as the version is; the parsed, deep-frozen object is kept while the version is
// current and dropped once a newer version has been published (compact()), so the watch history's
// window of superseded versions costs their JSON only. A dropped object is parsed again on demand
// (a watch resuming from the history with a selector), giving an equal frozen object.

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

  /** Drops the parsed form (this version was superseded); obj parses it again if asked. */
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
