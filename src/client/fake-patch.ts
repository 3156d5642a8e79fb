// Patch application for the in-memory FakeClient: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902, via fast-json-patch) and a reduced strategic merge patch that knows the merge keys
// of the lists controllers actually patch (ownerReferences by uid, containers/volumes/env by name,
// conditions by type) and the `$patch: delete|replace` directives. Enough for controller tests;
// the API server has its own full implementation.

import fjp from 'fast-json-patch';
import type { PatchType } from './api-client.js';

type Json = any;

const mergeKeys: Record<string, string> = {
  ownerReferences: 'uid',
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  tolerations: 'key',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  readinessGates: 'conditionType',
  containerStatuses: 'name',
};

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function jsonMergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

function smpList(target: Json, patch: Json[], field: string): Json[] {
  const key = mergeKeys[field];
  const base: Json[] = Array.isArray(target) ? target : [];
  if (!key || !patch.every(isObj)) return structuredClone(patch);
  if (patch.some((p) => p.$patch === 'replace')) return patch.filter((p) => p.$patch !== 'replace').map((p) => structuredClone(p));
  const out = base.map((x) => structuredClone(x));
  for (const item of patch) {
    const idx = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMergePatch(out[idx], item);
    } else {
      out.push(strategicMergePatch({}, item));
    }
  }
  return out;
}

export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) return smpList(target, patch, field);
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else {
      const merged = strategicMergePatch(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

export function applyPatch(target: Json, type: PatchType, patch: Json): Json {
  const body = typeof patch === 'string' ? JSON.parse(patch) : patch;
  switch (type) {
    case 'merge':
      return jsonMergePatch(target, body);
    case 'strategic':
      return strategicMergePatch(target, body);
    case 'json':
      return fjp.applyPatch(structuredClone(target), body, true, false).newDocument;
  }
}
