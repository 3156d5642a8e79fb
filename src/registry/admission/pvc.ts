// PersistentVolumeClaim strategy (core v1 defaults, ValidatePersistentVolumeClaim[Update],
// pkg/registry/core/persistentvolumeclaim/strategy.go). The spec helpers are reused for a
// StatefulSet's volumeClaimTemplates.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from './name-rules.js';
import { parseQuantity } from './quantity.js';
import { clone, deepEqual, ensureObj, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';
import { describeDiff } from './pod.js';

type Obj = Record<string, any>;

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** SetDefaults_PersistentVolumeClaimSpec. */
export function defaultPVCSpec(spec: Obj): void {
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
}

/** SetDefaults_PersistentVolumeClaim: spec defaults and a Pending phase. */
export function defaultPVC(pvc: Obj): void {
  defaultPVCSpec(ensureObj(pvc, 'spec'));
  const status = ensureObj(pvc, 'status');
  if (!status.phase) status.phase = 'Pending';
}

export function validateAccessModes(modes: unknown[] | undefined, path: string, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = modes ?? [];
  if (list.length === 0) errs.push(fieldErr.required(path, requiredDetail));
  for (const m of list) if (!ACCESS_MODES.includes(String(m))) errs.push(fieldErr.notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) errs.push(fieldErr.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateStorageRequest(spec: Obj, path: string): FieldError[] {
  const kp = `${path}.resources[storage]`;
  const q = spec.resources?.requests?.storage;
  if (q === undefined || q === null) return [fieldErr.required(kp)];
  const n = parseQuantity(q);
  if (n === undefined) return [fieldErr.invalid(kp, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  if (n < 0) return [fieldErr.invalid(kp, String(q), 'must be greater than or equal to 0')];
  if (n === 0) return [fieldErr.invalid(kp, String(q), 'must be greater than zero')];
  return [];
}

/** ValidatePersistentVolumeClaimSpec. */
export function validatePVCSpec(spec: Obj | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(s.accessModes, `${path}.accessModes`, 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(s.selector, `${path}.selector`));
  errs.push(...validateStorageRequest(s, path));
  if (s.storageClassName) isDNS1123Subdomain(s.storageClassName).forEach((m) => errs.push(fieldErr.invalid(`${path}.storageClassName`, s.storageClassName, m)));
  if (s.volumeMode && !VOLUME_MODES.includes(s.volumeMode)) errs.push(fieldErr.notSupported(`${path}.volumeMode`, s.volumeMode, VOLUME_MODES));
  if (s.volumeAttributesClassName === '') errs.push(fieldErr.required(`${path}.volumeAttributesClassName`, 'an empty string is disallowed'));
  return errs;
}

export function validatePVC(pvc: KubeObject): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain), ...validatePVCSpec(pvc.spec, 'spec')];
}

function sizeErrors(pvc: KubeObject, old: KubeObject): FieldError[] {
  const newSize = parseQuantity(pvc.spec?.resources?.requests?.storage);
  const oldSize = parseQuantity(old.spec?.resources?.requests?.storage);
  if (newSize === undefined || oldSize === undefined || newSize >= oldSize) return [];
  // RecoverVolumeExpansionFailure (GA): shrinking is allowed down to, but not to, status.capacity.
  const capacity = parseQuantity(old.status?.capacity?.storage);
  if (capacity === undefined || newSize <= capacity)
    return [fieldErr.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity')];
  return [];
}

/** ValidatePersistentVolumeClaimUpdate: only bound claims may resize; volumeName may be set once. */
export function validatePVCUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pvc.metadata, old.metadata), ...validatePVCSpec(pvc.spec, 'spec')];
  const newSpec: Obj = clone(pvc.spec ?? {});
  const oldSpec: Obj = clone(old.spec ?? {});
  if (!oldSpec.volumeName) oldSpec.volumeName = newSpec.volumeName;
  // Retroactive default StorageClass: a claim created without a class may be given one later.
  if (oldSpec.storageClassName === undefined || oldSpec.storageClassName === null) oldSpec.storageClassName = newSpec.storageClassName;
  newSpec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (pvc.status?.phase === 'Bound' && newSpec.resources?.requests) newSpec.resources.requests.storage = oldSpec.resources?.requests?.storage;
  if (!deepEqual(newSpec, oldSpec)) {
    const diff = describeDiff(oldSpec, newSpec).join('\n');
    errs.push(fieldErr.forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`));
  }
  errs.push(...sizeErrors(pvc, old));
  return errs;
}

export const persistentVolumeClaimStrategy: Strategy = {
  defaults: defaultPVC,
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  prepareForUpdate: keepStatusOnUpdate,
  prepareForStatusUpdate: keepSpecOnStatusUpdate,
  validateCreate: validatePVC,
  validateUpdate: validatePVCUpdate,
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    const phase = obj.status?.phase;
    const phases = ['Pending', 'Bound', 'Lost'];
    if (phase && !phases.includes(phase)) errs.push(fieldErr.notSupported('status.phase', phase, phases));
    return errs;
  },
};
