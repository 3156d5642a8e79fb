// The catalog joins what the server serves (registry resource types, CRD objects) with the schemas
// that describe it: every definition by name, and for each served kind/version its definition and
// list definition. Documents and strict field validation are both computed from one catalog.

import type { ResourceType } from '../../registry/types.js';
import { definitionNameForGvk, gvkKey, loadBundle } from './bundle.js';
import { addCrdDefinitions, crdDefinitionName, crdKindSchema, crdListSchema } from './crd-definitions.js';
import { groupVersionPath, type Gvk, type OpenApiInput, type Schema } from './types.js';

export interface KindEntry {
  resource: ResourceType;
  gvk: Gvk;
  /** Definition name of the kind and of its list kind. */
  def: string;
  listDef: string;
  /** CRD-backed: no strategic merge patch. */
  custom: boolean;
}

export interface Catalog {
  defs: Record<string, Schema>;
  kinds: KindEntry[];
  /** gvkKey → definition name, for every kind in `kinds` and their list kinds. */
  byGvk: Map<string, string>;
  /** "apis/apps/v1" → kinds served in that group version. */
  groupVersions: Map<string, KindEntry[]>;
}

function builtinDefs(gvk: Gvk, listKind: string): { def?: string; listDef?: string } {
  return { def: definitionNameForGvk(gvk), listDef: definitionNameForGvk({ ...gvk, kind: listKind }) };
}

/** A kind nobody has a schema for still gets an (open) schema, so kubectl sees its paths. */
function fallbackDefs(defs: Record<string, Schema>, gvk: Gvk, listKind: string): { def: string; listDef: string } {
  const def = crdDefinitionName(gvk);
  const listDef = crdDefinitionName({ ...gvk, kind: listKind });
  defs[def] ??= crdKindSchema(undefined, gvk);
  defs[listDef] ??= crdListSchema(def, gvk, listKind);
  return { def, listDef };
}

function entryFor(r: ResourceType, version: string, defs: Record<string, Schema>, crdDefs: Map<string, string>): KindEntry {
  const gvk = { group: r.group, version, kind: r.kind };
  const custom = Boolean(r.crd);
  let names: { def?: string; listDef?: string } = custom
    ? { def: crdDefs.get(gvkKey(gvk)), listDef: crdDefs.get(gvkKey({ ...gvk, kind: r.listKind })) }
    : builtinDefs(gvk, r.listKind);
  if (!names.def || !names.listDef) names = fallbackDefs(defs, gvk, r.listKind);
  return { resource: r, gvk, def: names.def!, listDef: names.listDef!, custom };
}

export function buildCatalog(input: OpenApiInput): Catalog {
  const defs: Record<string, Schema> = { ...loadBundle().definitions };
  const crdDefs = new Map<string, string>();
  for (const c of addCrdDefinitions(input.crds, defs)) {
    crdDefs.set(gvkKey(c.gvk), c.name);
    crdDefs.set(gvkKey({ ...c.gvk, kind: defs[c.listName]['x-kubernetes-group-version-kind'][0].kind }), c.listName);
  }
  const kinds: KindEntry[] = [];
  const byGvk = new Map<string, string>();
  const groupVersions = new Map<string, KindEntry[]>();
  for (const r of input.resources) {
    for (const version of r.versions) {
      const e = entryFor(r, version, defs, crdDefs);
      kinds.push(e);
      byGvk.set(gvkKey(e.gvk), e.def);
      byGvk.set(gvkKey({ ...e.gvk, kind: r.listKind }), e.listDef);
      const gv = groupVersionPath(r.group, version);
      groupVersions.set(gv, [...(groupVersions.get(gv) ?? []), e]);
    }
  }
  return { defs, kinds, byGvk, groupVersions };
}

/** Definition name describing a GVK: a served kind first, else any upstream built-in. */
export function definitionFor(catalog: Catalog, gvk: Gvk): string | undefined {
  return catalog.byGvk.get(gvkKey(gvk)) ?? definitionNameForGvk(gvk);
}
