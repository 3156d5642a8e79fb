// ControllerRevision (apps/v1) strategy: ValidateControllerRevision[Update]. A revision's data is a
// snapshot and may never change; the revision number may (the controller renumbers on rollback).

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta } from './util.js';

export function validateControllerRevision(cr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain);
  if (cr.data === undefined || cr.data === null) errs.push(fieldErr.required('data', 'data is mandatory'));
  const rev = cr.revision ?? 0;
  if (typeof rev === 'number' && rev < 0) errs.push(fieldErr.invalid('revision', rev, 'must be greater than or equal to 0'));
  return errs;
}

export function validateControllerRevisionUpdate(cr: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(cr.metadata, old.metadata),
    ...validateControllerRevision(cr),
    ...validateImmutableField(cr.data, old.data, 'data'),
  ];
}

export const controllerRevisionStrategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
};
