// Compiled pod (anti-)affinity terms: the label selector with matchLabelKeys/mismatchLabelKeys
// folded in, and the namespaces the term covers (the owner's namespace when neither namespaces
// nor namespaceSelector is given). Compiled once per pod object and cached.

import type { LabelSelector } from '../../apimachinery/types.js';
import { labelSelectorMatches } from '../framework/selectors.js';
import type { ClusterListers, Pod } from '../framework/types.js';

export interface AffinityTerm {
  topologyKey: string;
  selector: LabelSelector | null;
  namespaces: Set<string>;
  namespaceSelector: LabelSelector | null;
  weight: number;
}

export interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

interface RawTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

function compileSelector(raw: RawTerm, owner: Pod): LabelSelector | null {
  if (!raw.labelSelector) return null;
  const labels = owner.metadata.labels ?? {};
  const extra = [
    ...(raw.matchLabelKeys ?? []).filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]] })),
    ...(raw.mismatchLabelKeys ?? []).filter((k) => k in labels).map((k) => ({ key: k, operator: 'NotIn', values: [labels[k]] })),
  ];
  if (extra.length === 0) return raw.labelSelector;
  return { ...raw.labelSelector, matchExpressions: [...(raw.labelSelector.matchExpressions ?? []), ...extra] };
}

function compile(raw: RawTerm, owner: Pod, weight: number): AffinityTerm {
  const namespaces = new Set(raw.namespaces ?? []);
  const namespaceSelector = raw.namespaceSelector ?? null;
  if (namespaces.size === 0 && !namespaceSelector) namespaces.add(owner.metadata.namespace ?? 'default');
  return { topologyKey: raw.topologyKey, selector: compileSelector(raw, owner), namespaces, namespaceSelector, weight };
}

const cache = new WeakMap<Pod, PodTerms>();

export function podTerms(pod: Pod): PodTerms {
  const hit = cache.get(pod);
  if (hit) return hit;
  const a = pod.spec?.affinity ?? {};
  const req = (x: any): RawTerm[] => x?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const pref = (x: any): Array<{ weight: number; podAffinityTerm: RawTerm }> => x?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const terms: PodTerms = {
    requiredAffinity: req(a.podAffinity).map((t) => compile(t, pod, 1)),
    requiredAntiAffinity: req(a.podAntiAffinity).map((t) => compile(t, pod, 1)),
    preferredAffinity: pref(a.podAffinity).map((t) => compile(t.podAffinityTerm, pod, t.weight)),
    preferredAntiAffinity: pref(a.podAntiAffinity).map((t) => compile(t.podAffinityTerm, pod, t.weight)),
  };
  if (Object.isFrozen(pod) || typeof pod === 'object') cache.set(pod, terms);
  return terms;
}

/** Does the term (owned by some pod) select `pod`? */
export function termMatches(term: AffinityTerm, pod: Pod, listers: ClusterListers): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  if (!term.namespaces.has(ns)) {
    if (!term.namespaceSelector) return false;
    const nsObj = listers.namespace(ns);
    if (!labelSelectorMatches(term.namespaceSelector, nsObj?.metadata.labels ?? {})) return false;
  }
  return labelSelectorMatches(term.selector, pod.metadata.labels);
}

export function matchesAll(terms: AffinityTerm[], pod: Pod, listers: ClusterListers): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => termMatches(t, pod, listers));
}
