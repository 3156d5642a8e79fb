// Renders the neutral operation model as OpenAPI 3.0 path items (per group-version documents) and
// as swagger 2.0 path items (/openapi/v2), with upstream's parameter descriptions, response codes
// and the x-kubernetes-action / x-kubernetes-group-version-kind extensions kubectl looks for.

import { loadBundle, type ParameterInfo } from './bundle.js';
import { tagFor, type OperationSpec, type PathSpec } from './operations.js';
import type { Schema } from './types.js';

const RESPONSE_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };
const PRODUCES = ['application/json', 'application/yaml'];
const WATCH_PRODUCES = [...PRODUCES, 'application/json;stream=watch'];

/** Upstream's text for a parameter; PATCH operations have their own wording for some (fieldManager). */
function paramInfo(name: string, description?: string, method?: string): ParameterInfo {
  const all = loadBundle().parameters;
  const known = (method === 'patch' ? all[`patch.${name}`] : undefined) ?? all[name];
  const base = known ?? { name, in: 'query', description: '', type: 'string' };
  return description ? { ...base, description } : base;
}

function v3Param(name: string, description?: string, method?: string): Schema {
  const p = paramInfo(name, description, method);
  const schema: Schema = { type: p.type };
  if (p.uniqueItems) schema.uniqueItems = true;
  return { name: p.name, in: p.in, description: p.description, ...(p.in === 'path' ? { required: true } : {}), schema };
}

function v2Param(name: string, description?: string, method?: string): Schema {
  const p = paramInfo(name, description, method);
  return { ...p, ...(p.in === 'path' ? { required: true } : {}) };
}

function gvkExt(op: OperationSpec): Schema {
  return { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
}

function v3Content(types: string[], def: string): Schema {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: `#/components/schemas/${def}` } }]));
}

function v3Operation(op: OperationSpec): Schema {
  const responses: Schema = {};
  for (const [code, def] of Object.entries(op.responses)) {
    responses[code] = { description: RESPONSE_TEXT[code], content: v3Content(op.watchable ? WATCH_PRODUCES : PRODUCES, def) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const out: Schema = { tags: [tagFor(op.gvk)], description: op.description, operationId: op.operationId };
  if (op.query.length) out.parameters = op.query.map((q) => v3Param(q, undefined, op.method));
  if (op.body) out.requestBody = { content: v3Content(op.body.contentTypes, op.body.def), required: op.method !== 'delete' };
  return { ...out, responses, 'x-kubernetes-action': op.action, 'x-kubernetes-group-version-kind': gvkExt(op) };
}

export function renderV3PathItem(p: PathSpec): Schema {
  const item: Schema = {};
  for (const op of p.operations) item[op.method] = v3Operation(op);
  item.parameters = p.pathParams.map((pp) => v3Param(pp.name, pp.description));
  return item;
}

function v2Operation(op: OperationSpec): Schema {
  const responses: Schema = {};
  for (const [code, def] of Object.entries(op.responses)) {
    responses[code] = { description: RESPONSE_TEXT[code], schema: { $ref: `#/definitions/${def}` } };
  }
  responses['401'] = { description: 'Unauthorized' };
  const params: Schema[] = [];
  if (op.body) params.push({ in: 'body', name: 'body', required: op.method !== 'delete', schema: { $ref: `#/definitions/${op.body.def}` } });
  params.push(...op.query.map((q) => v2Param(q, undefined, op.method)));
  const out: Schema = {
    consumes: op.body ? op.body.contentTypes : ['*/*'],
    description: op.description,
    operationId: op.operationId,
    parameters: params,
    produces: op.watchable ? WATCH_PRODUCES : PRODUCES,
    responses,
    schemes: ['https'],
    tags: [tagFor(op.gvk)],
  };
  if (!params.length) delete out.parameters;
  return { ...out, 'x-kubernetes-action': op.action, 'x-kubernetes-group-version-kind': gvkExt(op) };
}

export function renderV2PathItem(p: PathSpec): Schema {
  const item: Schema = {};
  for (const op of p.operations) item[op.method] = v2Operation(op);
  item.parameters = p.pathParams.map((pp) => v2Param(pp.name, pp.description));
  return item;
}

/** Definitions every document references besides the kinds (response/body types). */
export function referencedDefinitions(paths: PathSpec[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    for (const op of p.operations) {
      if (op.body) out.add(op.body.def);
      for (const d of Object.values(op.responses)) out.add(d);
    }
  }
  return out;
}
