// Which objects a list or watch selects: namespace, labelSelector and fieldSelector.

import { labelSelectorParam, fieldSelectorParam } from '../../apimachinery/selector-params.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';

export type Predicate = (obj: Readonly<KubeObject>) => boolean;

/** Field values an object exposes to field selectors (metadata.* plus the type's selectable fields). */
export function fieldSet(type: ResourceType, obj: Readonly<KubeObject>): Record<string, string> {
  const base: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (type.namespaced) base['metadata.namespace'] = obj.metadata.namespace ?? '';
  return type.selectableFields ? { ...base, ...type.selectableFields(obj as KubeObject) } : base;
}

function supportedFields(type: ResourceType): (f: string) => boolean {
  // Probe the selectable fields with an empty object to learn their names.
  const names = new Set(Object.keys(fieldSet(type, { metadata: {} } as KubeObject)));
  names.add('metadata.name');
  if (type.namespaced) names.add('metadata.namespace');
  return (f) => names.has(f);
}

export interface Selection {
  predicate: Predicate;
  /** Set when the field selector pins metadata.name (kubectl get -w NAME, rollout status). */
  name?: string;
  /** Set when the field selector pins metadata.namespace. */
  namespace?: string;
}

export function selectionFromQuery(type: ResourceType, query: URLSearchParams): Selection {
  const labels = labelSelectorParam(query.get('labelSelector'));
  const fields = fieldSelectorParam(query.get('fieldSelector'), supportedFields(type));
  const predicate: Predicate =
    labels.empty() && fields.empty()
      ? () => true
      : (obj) => labels.matches(obj.metadata.labels) && (fields.empty() || fields.matches(fieldSet(type, obj)));
  return {
    predicate,
    name: fields.requiresExactMatch('metadata.name'),
    namespace: fields.requiresExactMatch('metadata.namespace'),
  };
}
