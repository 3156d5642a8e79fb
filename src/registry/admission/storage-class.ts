// StorageClass strategy (storage.k8s.io/v1 SetDefaults_StorageClass, storage validation
// ValidateStorageClass[Update]): provisioner/parameters/reclaimPolicy are fixed once created.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isQualifiedName, nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta, deepEqual } from './util.js';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMS = 512;
const MAX_PARAMS_BYTES = 256 * 1024;

export function defaultStorageClass(sc: KubeObject): void {
  if (!sc.reclaimPolicy) sc.reclaimPolicy = 'Delete';
  if (!sc.volumeBindingMode) sc.volumeBindingMode = 'Immediate';
}

function validateProvisioner(p: unknown): FieldError[] {
  if (!p) return [fieldErr.required('provisioner', String(p ?? ''))];
  const s = String(p);
  const errs = isQualifiedName(s.toLowerCase()).map((m) => fieldErr.invalid('provisioner', s, m));
  if (s.length > 63) errs.push(fieldErr.tooLong('provisioner', s, 63));
  return errs;
}

function validateParameters(params: Record<string, string> | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const entries = Object.entries(params ?? {});
  if (entries.length > MAX_PARAMS) errs.push({ type: 'FieldValueTooLong', field: 'parameters', badValue: 'Provisioner Parameters exceeded max allowed', detail: `may not be more than ${MAX_PARAMS} bytes` });
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length === 0) errs.push(fieldErr.invalid('parameters', k, 'field can not be empty.'));
    size += k.length + String(v).length;
  }
  if (size > MAX_PARAMS_BYTES) errs.push(fieldErr.tooLong('parameters', '', MAX_PARAMS_BYTES));
  return errs;
}

export function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(sc.metadata, false, nameIsDNSSubdomain), ...validateProvisioner(sc.provisioner), ...validateParameters(sc.parameters)];
  if (sc.reclaimPolicy && !RECLAIM_POLICIES.includes(sc.reclaimPolicy)) errs.push(fieldErr.notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM_POLICIES));
  if (!sc.volumeBindingMode) errs.push(fieldErr.required('volumeBindingMode'));
  else if (!BINDING_MODES.includes(sc.volumeBindingMode)) errs.push(fieldErr.notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
  return errs;
}

export function validateStorageClassUpdate(sc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sc.metadata, old.metadata), ...validateStorageClass(sc).filter((e) => !e.field.startsWith('metadata.'))];
  if (!deepEqual(sc.parameters, old.parameters)) errs.push(fieldErr.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== old.provisioner) errs.push(fieldErr.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if ((sc.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? '')) errs.push(fieldErr.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
  return errs;
}

export const storageClassStrategy: Strategy = {
  defaults: defaultStorageClass,
  prepareForUpdate: carryOverMeta,
  validateCreate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};
