// ControllerRevision history (k8s pkg/controller/history + the StatefulSet revision helpers):
// revision data is `{"spec":{"template":{...,"$patch":"replace"}}}`, the name is
// `<set[:223]>-<hash>` with hash = SafeEncodeString(decimal FNV-1 32 of the data bytes
// [+ decimal collisionCount]). Data is serialized with sorted keys so equal templates always hash
// and compare equal (upstream relies on Go's deterministic encoding for the same property).

import type { KubeObject, OwnerReference } from '../../apimachinery/types.js';
import { isAlreadyExists, isConflict } from '../../apimachinery/errors.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { getControllerOf, newControllerRef } from '../../controller/owner.js';
import { ControllerRevisionHashLabel, setKindOf, type ControllerRevision, type StatefulSet } from './types.js';

/** JSON with object keys sorted recursively (Go's encoding of map[string]interface{}). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** FNV-1 (not 1a) 32-bit over UTF-8 bytes, as Go's hash/fnv New32. */
export function fnv1_32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString: no vowels, no confusable characters. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += alphanums[b % alphanums.length];
  return out;
}

export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  let s = canonicalJson(data);
  if (collisionCount !== undefined) s += String(collisionCount);
  return safeEncodeString(String(fnv1_32(s)));
}

export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** getPatch: the part of the set a revision records — only the pod template, replacing wholesale. */
export function getPatch(set: StatefulSet): unknown {
  return { spec: { template: { ...structuredClone(set.spec.template ?? {}), $patch: 'replace' } } };
}

/** newRevision: labels = template labels + hash label, annotations = the set's, owned by the set. */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = getPatch(set);
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name!, hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template?.metadata?.labels ?? {}), [ControllerRevisionHashLabel]: hash },
      annotations: { ...(set.metadata.annotations ?? {}) },
      ownerReferences: [newControllerRef(set, setKindOf(set))],
    },
    data,
    revision,
  };
}

/** ApplyRevision: the set with the revision's template restored. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone = structuredClone(set) as StatefulSet;
  const tpl = (revision.data as any)?.spec?.template;
  if (tpl) {
    const { $patch: _p, ...rest } = tpl;
    clone.spec.template = structuredClone(rest);
  }
  return clone;
}

/** Equal data (and hash label, when both are numeric as in very old revisions). */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  return canonicalJson(a.data) === canonicalJson(b.data);
}

export function findEqualRevisions(revisions: ControllerRevision[], needle: ControllerRevision): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** By revision number; ties by creationTimestamp, then name (history.SortControllerRevisions). */
export function sortControllerRevisions(revs: ControllerRevision[]): ControllerRevision[] {
  return revs.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

export function nextRevision(sorted: ControllerRevision[]): number {
  return sorted.length ? sorted[sorted.length - 1].revision + 1 : 1;
}

/** The I/O seam for revisions (history.Interface). */
export interface History {
  listControllerRevisions(parent: StatefulSet, matches: (rev: ControllerRevision) => boolean): Promise<ControllerRevision[]>;
  /** Creates revision, bumping `collision.count` and rehashing while a different revision holds the name. */
  createControllerRevision(parent: StatefulSet, revision: ControllerRevision, collision: { count: number }): Promise<ControllerRevision>;
  updateControllerRevision(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision>;
  deleteControllerRevision(revision: ControllerRevision): Promise<void>;
  adoptControllerRevision(parent: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision>;
}

/**
 * Source of cached revisions; without one, ApiHistory LISTs the namespace. It may return the whole
 * namespace or (cheaper, from an owner index) just the revisions controlled by `ownerUid` plus the
 * namespace's orphans: nothing else can pass listControllerRevisions' filter.
 */
export type RevisionLister = (namespace: string, ownerUid: string) => ControllerRevision[] | Promise<ControllerRevision[]>;

export class ApiHistory implements History {
  constructor(
    private readonly client: ApiClient,
    private readonly lister?: RevisionLister,
  ) {}

  async listControllerRevisions(parent: StatefulSet, matches: (rev: ControllerRevision) => boolean): Promise<ControllerRevision[]> {
    const ns = parent.metadata.namespace!;
    const all = this.lister ? await this.lister(ns, parent.metadata.uid!) : (await this.client.list<ControllerRevision>(at(R.controllerrevisions, ns))).items;
    return all.filter((r) => {
      if (!matches(r)) return false;
      const ref = getControllerOf(r);
      return !ref || ref.uid === parent.metadata.uid; // owned by parent, or an orphan
    });
  }

  async createControllerRevision(parent: StatefulSet, revision: ControllerRevision, collision: { count: number }): Promise<ControllerRevision> {
    const clone = structuredClone(revision) as ControllerRevision;
    for (;;) {
      const hash = hashControllerRevision(revision.data, collision.count);
      clone.metadata.name = controllerRevisionName(parent.metadata.name!, hash);
      clone.metadata.labels = { ...(clone.metadata.labels ?? {}), [ControllerRevisionHashLabel]: hash };
      try {
        return await this.client.create(at(R.controllerrevisions, parent.metadata.namespace), clone);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const existing = await this.client.get<ControllerRevision>(at(R.controllerrevisions, parent.metadata.namespace, clone.metadata.name));
        if (canonicalJson(existing.data) === canonicalJson(clone.data)) return existing;
        collision.count++;
      }
    }
  }

  async updateControllerRevision(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision> {
    let cur = structuredClone(revision) as ControllerRevision;
    for (let attempt = 0; ; attempt++) {
      if (cur.revision === newRevision) return cur;
      cur.revision = newRevision;
      try {
        return await this.client.update(at(R.controllerrevisions, cur.metadata.namespace, cur.metadata.name), cur);
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
        cur = await this.client.get<ControllerRevision>(at(R.controllerrevisions, cur.metadata.namespace, cur.metadata.name));
      }
    }
  }

  async deleteControllerRevision(revision: ControllerRevision): Promise<void> {
    await this.client.delete(at(R.controllerrevisions, revision.metadata.namespace, revision.metadata.name));
  }

  async adoptControllerRevision(parent: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision> {
    const owner = getControllerOf(revision as KubeObject);
    if (owner) throw new Error(`attempt to adopt revision owned by ${owner.name}`);
    return this.client.patch(
      at(R.controllerrevisions, revision.metadata.namespace, revision.metadata.name),
      'json',
      revisionAdoptPatch(revision, newControllerRef(parent, setKindOf(parent))),
    );
  }
}

/**
 * The adoption of an orphaned ControllerRevision as a JSON patch: test the uid (the precondition
 * upstream's strategic-merge adoptPatch carries), then append the controller ref. Not a strategic
 * merge patch because `data` holds the template with a literal `"$patch":"replace"` key, which the
 * sandbox's SMP sweep strips from the stored object, and `data` is immutable (422): the adoption
 * would fail forever and, since adoption runs before pods are claimed, block the set's every sync
 * (e.g. re-creating a set after `kubectl delete sts --cascade=orphan`).
 */
export function revisionAdoptPatch(revision: ControllerRevision, ref: OwnerReference): object[] {
  const test = { op: 'test', path: '/metadata/uid', value: revision.metadata.uid };
  if (!revision.metadata.ownerReferences) return [test, { op: 'add', path: '/metadata/ownerReferences', value: [ref] }];
  return [test, { op: 'add', path: '/metadata/ownerReferences/-', value: ref }];
}
