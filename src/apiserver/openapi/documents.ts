// Builds the OpenAPI documents the API server publishes from a catalog: the /openapi/v3 index, one
// OpenAPI 3.0 document per group version (paths of its kinds + the closure of schemas they use),
// and the swagger 2.0 document at /openapi/v2. Pure functions; OpenApiService memoizes them.

import { createHash } from 'node:crypto';
import { loadBundle } from './bundle.js';
import type { Catalog } from './catalog.js';
import { pathsForKind, type PathSpec } from './operations.js';
import { referencedDefinitions, renderV2PathItem, renderV3PathItem } from './render.js';
import { referencedClosure, toV2Schema, toV3Schema } from './schema-walk.js';
import type { Schema } from './types.js';

export interface BuiltDocument {
  doc: Schema;
  /** The serialized document (what the server writes). */
  json: string;
  /** Upstream-style content hash: uppercase hex SHA-512 of the serialized document. */
  hash: string;
}

function finish(doc: Schema): BuiltDocument {
  const json = JSON.stringify(doc);
  return { doc, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
}

function info(): Schema {
  return { title: 'Kubernetes', version: loadBundle().source.kubernetesVersion };
}

/** Converted v3 schemas of the (immutable) bundle definitions, shared by every document. */
const v3Cache = new WeakMap<Schema, Schema>();

function v3Definition(s: Schema): Schema {
  let out = v3Cache.get(s);
  if (!out) {
    out = toV3Schema(s);
    v3Cache.set(s, out);
  }
  return out;
}

function sortedPaths(specs: PathSpec[], render: (p: PathSpec) => Schema): Schema {
  const out: Schema = {};
  for (const p of [...specs].sort((a, b) => a.path.localeCompare(b.path))) out[p.path] = render(p);
  return out;
}

function closureOf(catalog: Catalog, specs: PathSpec[]): string[] {
  return [...referencedClosure(referencedDefinitions(specs), catalog.defs)].sort();
}

/** One group version ("apis/apps/v1", "api/v1"); undefined if nothing is served there. */
export function buildOpenApiV3Document(catalog: Catalog, groupVersion: string): BuiltDocument | undefined {
  const kinds = catalog.groupVersions.get(groupVersion.replace(/^\//, ''));
  if (!kinds) return undefined;
  const specs = kinds.flatMap(pathsForKind);
  const schemas: Schema = {};
  for (const name of closureOf(catalog, specs)) schemas[name] = v3Definition(catalog.defs[name]);
  return finish({ openapi: '3.0.0', info: info(), paths: sortedPaths(specs, renderV3PathItem), components: { schemas } });
}

/** The /openapi/v3 index: each group version's document URL, versioned by its content hash. */
export function buildOpenApiV3Index(docs: Map<string, BuiltDocument>): Schema {
  const paths: Schema = {};
  for (const gv of [...docs.keys()].sort()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${docs.get(gv)!.hash}` };
  return { paths };
}

/** The swagger 2.0 document covering every served kind. */
export function buildOpenApiV2(catalog: Catalog): BuiltDocument {
  const specs = catalog.kinds.flatMap(pathsForKind);
  const upstream = loadBundle().definitions;
  const definitions: Schema = {};
  for (const name of closureOf(catalog, specs)) {
    const def = catalog.defs[name];
    definitions[name] = upstream[name] === def ? def : toV2Schema(def);
  }
  return finish({ swagger: '2.0', info: info(), paths: sortedPaths(specs, renderV2PathItem), definitions });
}
