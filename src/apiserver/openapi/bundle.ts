// Loads the generated Kubernetes OpenAPI bundle (data/kubernetes-openapi.json.gz, built by
// scripts/gen-openapi-bundle.mjs from upstream's swagger.json) once per process, and indexes its
// definitions by group/version/kind so built-in kinds can be mapped to upstream schema names.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Gvk, Schema } from './types.js';

export interface ParameterInfo {
  name: string;
  in: string;
  description: string;
  type: string;
  uniqueItems?: boolean;
}

export interface OpenApiBundle {
  source: { package: string; file: string; kubernetesVersion: string; note: string };
  /** Swagger 2.0 definitions keyed by upstream name (io.k8s.api.apps.v1.StatefulSet). */
  definitions: Record<string, Schema>;
  /** Upstream parameter text by parameter name (dryRun, fieldValidation, ...). */
  parameters: Record<string, ParameterInfo>;
}

const FILE = 'kubernetes-openapi.json.gz';

/** The data file sits beside the sources; compiled code under dist/ reads it from src/. */
function bundlePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'data', FILE), join(here.replace(/[/\\]dist([/\\])/, '$1src$1'), 'data', FILE)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`OpenAPI bundle ${FILE} not found (looked in ${candidates.join(', ')})`);
  return found;
}

let cached: OpenApiBundle | undefined;

export function loadBundle(): OpenApiBundle {
  cached ??= JSON.parse(gunzipSync(readFileSync(bundlePath())).toString('utf8')) as OpenApiBundle;
  return cached;
}

export function gvkKey(gvk: Gvk): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

let byGvk: Map<string, string> | undefined;

/** Upstream definition name for a built-in kind, e.g. apps/v1 StatefulSet → io.k8s.api.apps.v1.StatefulSet. */
export function definitionNameForGvk(gvk: Gvk): string | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, def] of Object.entries(loadBundle().definitions)) {
      for (const g of (def['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? []) {
        // DeleteOptions/WatchEvent carry every GV; only a kind's own definition has a single entry.
        if (!byGvk.has(gvkKey(g)) || def['x-kubernetes-group-version-kind'].length === 1) byGvk.set(gvkKey(g), name);
      }
    }
  }
  return byGvk.get(gvkKey(gvk));
}
