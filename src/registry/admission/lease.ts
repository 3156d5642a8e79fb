// Lease (coordination.k8s.io/v1) strategy: ValidateLease[Update] — durations positive, transition
// counts non-negative, preferredHolder only together with a strategy.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isQualifiedName, nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta } from './util.js';

export function validateLeaseSpec(spec: Record<string, any> | undefined): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0)
    errs.push(fieldErr.invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  if (typeof s.leaseTransitions === 'number' && s.leaseTransitions < 0)
    errs.push(fieldErr.invalid('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
  if (s.strategy) isQualifiedName(s.strategy).forEach((m) => errs.push(fieldErr.invalid('spec.strategy', s.strategy, m)));
  if (s.preferredHolder && !s.strategy) errs.push(fieldErr.forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return errs;
}

export function validateLease(lease: KubeObject): FieldError[] {
  return [...validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain), ...validateLeaseSpec(lease.spec)];
}

export const leaseStrategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateLease,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLeaseSpec(obj.spec)],
};
