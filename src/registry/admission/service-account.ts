// ServiceAccount strategy (ValidateServiceAccount[Update]): DNS-subdomain names and secret
// references; the token controller owns `secrets`, clients may still write it.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta } from './util.js';

export function validateServiceAccount(sa: KubeObject): FieldError[] {
  const errs = validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain);
  (sa.imagePullSecrets ?? []).forEach((s: { name?: string }, i: number) => {
    if (!s?.name) errs.push(fieldErr.required(`imagePullSecrets[${i}].name`));
  });
  return errs;
}

export const serviceAccountStrategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateServiceAccount,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceAccount(obj).filter((e) => !e.field.startsWith('metadata.'))],
};
