// Objects are stored in their storage version; a request may name another served version. For the
// built-ins each type has one version; CRDs with conversion None only change apiVersion; the
// events.k8s.io Event converts field by field.

import type { KubeObject } from '../../apimachinery/types.js';
import { apiVersionOf } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';

export function toStorage(type: ResourceType, obj: KubeObject): KubeObject {
  if (type.sharesStorageWith) return type.sharesStorageWith.toStorage(obj);
  return { ...obj, apiVersion: apiVersionOf(type.group, type.versions[0]), kind: type.kind };
}

/** True when the stored JSON can be served as is for this request version. */
export function servesStoredJson(type: ResourceType, version: string): boolean {
  return !type.sharesStorageWith && version === type.versions[0];
}

export function fromStorage(type: ResourceType, version: string, obj: Readonly<KubeObject>): KubeObject {
  if (type.sharesStorageWith) return type.sharesStorageWith.fromStorage(obj as KubeObject);
  if (version === type.versions[0]) return obj as KubeObject;
  if (type.versionView) return type.versionView(obj, version);
  return { ...obj, apiVersion: apiVersionOf(type.group, version) } as KubeObject;
}
