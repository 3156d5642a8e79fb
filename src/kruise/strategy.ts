// The Advanced StatefulSet admission as one Strategy the API server runs in-process for the
// apps.kruise.io StatefulSet CRD (what Kruise's mutating + validating webhooks do on a real
// cluster): defaults first, then validation; status is cleared on create and kept from the stored
// object on spec writes; /status writes keep the spec. `admitKruiseStatefulSet` is the same logic as
// one call, the shape a webhook server can serve later.

import type { FieldError } from '../apimachinery/field-errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import { bumpGenerationIfSpecChanged, carryOverMeta, clone } from '../registry/admission/util.js';
import type { Strategy } from '../registry/types.js';
import { defaultKruiseStatefulSet } from './defaults.js';
import { validateKruiseStatefulSet, validateKruiseStatefulSetUpdate } from './validation.js';

export type AdmissionOp = 'CREATE' | 'UPDATE' | 'DELETE';

export const kruiseStatefulSetStrategy: Strategy = {
  defaults: (obj) => defaultKruiseStatefulSet(obj),
  prepareForCreate(obj) {
    delete obj.status;
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    carryOverMeta(obj, old);
    obj.status = clone(old.status);
    defaultKruiseStatefulSet(obj, old);
    bumpGenerationIfSpecChanged(obj, old);
  },
  prepareForStatusUpdate(obj, old) {
    carryOverMeta(obj, old);
    obj.spec = clone(old.spec);
    obj.metadata.generation = old.metadata.generation;
  },
  validateCreate: validateKruiseStatefulSet,
  validateUpdate: validateKruiseStatefulSetUpdate,
};

/**
 * Webhook-shaped admission: mutates `obj` with Kruise's defaults (CREATE/UPDATE) and returns the
 * validation errors (empty = allowed). DELETE is always allowed (deletion protection is off by default).
 */
export function admitKruiseStatefulSet(op: AdmissionOp, obj: KubeObject, old?: KubeObject): FieldError[] {
  if (op === 'DELETE') return [];
  defaultKruiseStatefulSet(obj, op === 'UPDATE' ? old : undefined);
  if (op === 'CREATE' || !old) return validateKruiseStatefulSet(obj);
  return validateKruiseStatefulSetUpdate(obj, old);
}
