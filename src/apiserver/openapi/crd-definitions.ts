// Turns CustomResourceDefinition objects into OpenAPI definitions the way upstream's CRD OpenAPI
// builder names and shapes them: one definition per served version named after the reversed group
// (apps.kruise.io/v1beta1 StatefulSet → io.kruise.apps.v1beta1.StatefulSet), with apiVersion/kind
// and an ObjectMeta reference added, tagged with x-kubernetes-group-version-kind, plus a List kind.
// Definitions stay in swagger 2.0 form (#/definitions/ refs); the v3 renderer converts them.

import type { KubeObject } from '../../apimachinery/types.js';
import { loadBundle } from './bundle.js';
import type { Gvk, Schema } from './types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META_REF = `#/definitions/${META}.ObjectMeta`;
const LIST_META_REF = `#/definitions/${META}.ListMeta`;

export interface CrdDefinition {
  gvk: Gvk;
  name: string;
  listName: string;
  namespaced: boolean;
}

/** Upstream's definition name for a custom kind: reversed group, version, kind. */
export function crdDefinitionName(gvk: Gvk): string {
  const reversed = gvk.group.split('.').reverse().join('.');
  return `${reversed}.${gvk.version}.${gvk.kind}`;
}

function typeMetaProperty(field: 'apiVersion' | 'kind'): Schema {
  // Reuse upstream's wording for apiVersion/kind from a core definition.
  const status = loadBundle().definitions[`${META}.Status`];
  return { ...(status?.properties?.[field] ?? { type: 'string' }) };
}

function objectMetaProperty(): Schema {
  return {
    $ref: OBJECT_META_REF,
    description:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  };
}

/** The served version's schema with apiVersion/kind/metadata made explicit, as upstream publishes it. */
export function crdKindSchema(openAPIV3Schema: Schema | undefined, gvk: Gvk): Schema {
  const base: Schema = openAPIV3Schema
    ? structuredClone(openAPIV3Schema)
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  base.type ??= 'object';
  base.properties = {
    ...(base.properties ?? {}),
    apiVersion: typeMetaProperty('apiVersion'),
    kind: typeMetaProperty('kind'),
    metadata: objectMetaProperty(),
  };
  base['x-kubernetes-group-version-kind'] = [{ group: gvk.group, kind: gvk.kind, version: gvk.version }];
  return base;
}

export function crdListSchema(itemName: string, gvk: Gvk, listKind: string): Schema {
  return {
    description: `${listKind} is a list of ${gvk.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: typeMetaProperty('apiVersion'),
      items: {
        description: `List of ${gvk.kind.toLowerCase()}s. More info: https://kubernetes.io/docs/reference/using-api/api-concepts/#collections`,
        type: 'array',
        items: { $ref: `#/definitions/${itemName}` },
      },
      kind: typeMetaProperty('kind'),
      metadata: {
        $ref: LIST_META_REF,
        description:
          'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      },
    },
    'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: listKind, version: gvk.version }],
  };
}

/** Adds the definitions of every served version of every CRD to `defs`; returns what was added. */
export function addCrdDefinitions(crds: KubeObject[], defs: Record<string, Schema>): CrdDefinition[] {
  const added: CrdDefinition[] = [];
  for (const crd of crds) {
    const spec = crd.spec ?? {};
    const kind: string = spec.names?.kind;
    const listKind: string = spec.names?.listKind ?? `${kind}List`;
    if (!spec.group || !kind) continue;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      const gvk = { group: spec.group as string, version: v.name as string, kind };
      const name = crdDefinitionName(gvk);
      const listName = crdDefinitionName({ ...gvk, kind: listKind });
      defs[name] = crdKindSchema(v.schema?.openAPIV3Schema, gvk);
      defs[listName] = crdListSchema(name, gvk, listKind);
      added.push({ gvk, name, listName, namespaced: spec.scope !== 'Cluster' });
    }
  }
  return added;
}
