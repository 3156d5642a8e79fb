// ConfigMap strategy (ValidateConfigMap[Update]): keys must be valid config keys, data and
// binaryData may not share a key, total size is capped, and `immutable: true` freezes the object.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isConfigMapKey, nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta, deepEqual, fp } from './util.js';

export const MAX_DATA_SIZE = 1024 * 1024;
export const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';

export function validateDataKeys(data: Record<string, unknown> | undefined, path: string, other?: Record<string, unknown>, otherName?: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(data ?? {})) {
    for (const m of isConfigMapKey(key)) errs.push(fieldErr.invalid(fp.key(path, key), key, m));
    if (other && otherName && Object.prototype.hasOwnProperty.call(other, key))
      errs.push(fieldErr.invalid(fp.key(path, key), key, `duplicate of key present in ${otherName}`));
  }
  return errs;
}

function size(data: Record<string, unknown> | undefined, base64: boolean): number {
  let n = 0;
  for (const v of Object.values(data ?? {})) n += base64 ? Buffer.from(String(v), 'base64').length : Buffer.byteLength(String(v));
  return n;
}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateDataKeys(cm.data, 'data', cm.binaryData, 'binaryData'));
  errs.push(...validateDataKeys(cm.binaryData, 'binaryData', cm.data, 'data'));
  if (size(cm.data, false) + size(cm.binaryData, true) > MAX_DATA_SIZE) errs.push(fieldErr.tooLong('', '', MAX_DATA_SIZE));
  return errs;
}

/** The shared `immutable` rule of ConfigMaps and Secrets. */
export function validateImmutableFlag(obj: KubeObject, old: KubeObject, dataFields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fieldErr.forbidden('immutable', IMMUTABLE_MSG));
  for (const f of dataFields) if (!deepEqual(obj[f], old[f])) errs.push(fieldErr.forbidden(f, IMMUTABLE_MSG));
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(cm.metadata, old.metadata),
    ...validateImmutableFlag(cm, old, ['data', 'binaryData']),
    ...validateConfigMap(cm).filter((e) => !e.field.startsWith('metadata.')),
  ];
}

export const configMapStrategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
};
