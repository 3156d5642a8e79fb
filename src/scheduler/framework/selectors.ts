// Matching of metav1.LabelSelector and core/v1 NodeSelector against label maps, evaluated
// directly on the structured form (no string round trip) because it runs in the hot filter loop.

import type { LabelSelector, LabelSelectorRequirement } from '../../apimachinery/types.js';
import type { Node } from './types.js';

type Labels = Record<string, string>;

function requirementMatches(r: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** metav1.LabelSelector semantics: null/undefined matches nothing, {} matches everything. */
export function labelSelectorMatches(sel: LabelSelector | null | undefined, labels: Labels | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) if (!requirementMatches(r, l)) return false;
  return true;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function nodeRequirementMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  if (r.operator === 'Gt' || r.operator === 'Lt') {
    if (!Object.prototype.hasOwnProperty.call(labels, r.key)) return false;
    const have = Number.parseInt(labels[r.key], 10);
    const want = Number.parseInt(r.values?.[0] ?? '', 10);
    if (Number.isNaN(have) || Number.isNaN(want)) return false;
    return r.operator === 'Gt' ? have > want : have < want;
  }
  return requirementMatches(r as LabelSelectorRequirement, labels);
}

/** A term matches when all of its requirements do; a term with none matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) if (!nodeRequirementMatches(r, labels)) return false;
  // Only metadata.name is a supported field (validation rejects others).
  const fieldSet = { 'metadata.name': node.metadata.name as string };
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !requirementMatches(r as LabelSelectorRequirement, fieldSet)) return false;
  }
  return true;
}

/** NodeSelector: terms are ORed; no terms matches nothing. */
export function nodeSelectorMatches(terms: NodeSelectorTerm[] | undefined, node: Node): boolean {
  return (terms ?? []).some((t) => nodeSelectorTermMatches(t, node));
}
