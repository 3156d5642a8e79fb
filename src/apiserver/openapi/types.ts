// Shared shapes of the OpenAPI module: a group/version/kind, a JSON schema node (loosely typed:
// upstream schemas carry many vendor extensions), and what the caller passes in to describe the
// served API (registry resource types and CRD objects).

import type { KubeObject } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export type Schema = Record<string, any>;

export interface OpenApiInput {
  /** Every served resource type (built-in and CRD-backed). */
  resources: ResourceType[];
  /** CustomResourceDefinition objects (apiextensions.k8s.io/v1) whose schemas to publish. */
  crds: KubeObject[];
}

/** "apps/v1", "v1" for core. */
export function groupVersionString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Index key of a group version in /openapi/v3: "api/v1", "apis/apps/v1". */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}
