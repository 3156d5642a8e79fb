// The set of resource types the API server serves right now: the built-ins plus one entry per
// served version of every established CRD. Discovery, OpenAPI and request routing all read it.

import { storageKey, type ResourceType } from './types.js';

type Listener = () => void;

export class Registry {
  private readonly byGvr = new Map<string, ResourceType>();
  private readonly types = new Set<ResourceType>();
  private readonly listeners: Listener[] = [];

  add(t: ResourceType): void {
    this.types.add(t);
    for (const v of t.versions) this.byGvr.set(gvrKey(t.group, v, t.plural), t);
    this.changed();
  }

  remove(t: ResourceType): void {
    this.types.delete(t);
    for (const v of t.versions) if (this.byGvr.get(gvrKey(t.group, v, t.plural)) === t) this.byGvr.delete(gvrKey(t.group, v, t.plural));
    this.changed();
  }

  /** The type serving group/version/plural, if any. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byGvr.get(gvrKey(group, version, plural));
  }

  all(): ResourceType[] {
    return [...this.types];
  }

  /** Group → served versions (preferred first) for discovery. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const t of this.types) {
      const vs = out.get(t.group) ?? [];
      for (const v of t.versions) if (!vs.includes(v)) vs.push(v);
      out.set(t.group, vs);
    }
    for (const [g, vs] of out) out.set(g, sortVersions(vs));
    return out;
  }

  typesIn(group: string, version: string): ResourceType[] {
    return [...this.types].filter((t) => t.group === group && t.versions.includes(version));
  }

  /** Every type stored under a storage key (built-in and aliases). */
  byStorageKey(key: string): ResourceType[] {
    return [...this.types].filter((t) => storageKey(t) === key);
  }

  onChange(l: Listener): void {
    this.listeners.push(l);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function gvrKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first (v1 > v1beta2 > v1beta1 > v1alpha1). */
export function sortVersions(vs: string[]): string[] {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  return [...vs].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return a < b ? -1 : 1;
  });
}
