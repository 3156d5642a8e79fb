// The Advanced StatefulSet admission as one Strategy the API server runs in-process for the
// apps.kruise.io StatefulSet CRD (what Kruise's mutating + validating webhooks do on a real
// cluster): defaults first, then validation; status is cleared on create and kept from the stored
// object on spec writes; /status writes keep the spec. `admitKruiseStatefulSet` is the same logic as
// one call, the shape a webhook server can serve later.

import { ApiError, statusFailure } from '../apimachinery/errors.js';
import { fieldErrorString, type FieldError } from '../apimachinery/field-errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import { bumpGenerationIfSpecChanged, keepSpecOnStatusUpdate, keepStatusOnUpdate } from '../registry/admission/util.js';
import type { Strategy } from '../registry/types.js';
import { defaultKruiseStatefulSet } from './defaults.js';
import { validateKruiseStatefulSet, validateKruiseStatefulSetUpdate } from './validation.js';

export type AdmissionOp = 'CREATE' | 'UPDATE' | 'DELETE';

export const ValidatingWebhookName = 'vstatefulset.kb.io';

/**
 * What the API server answers when Kruise's validating webhook refuses: the handler returns
 * admission.Errored(422, errList.ToAggregate()), and the server prefixes the webhook's name
 * (ToStatusErr). No reason or details are set, so clients print the message as is.
 */
export function webhookDenied(errs: FieldError[]): ApiError {
  const list = errs.map(fieldErrorString);
  const aggregate = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  const status = statusFailure(422, '', `admission webhook "${ValidatingWebhookName}" denied the request: ${aggregate}`);
  delete status.reason;
  return new ApiError(status);
}

function deny(errs: FieldError[]): FieldError[] {
  if (errs.length) throw webhookDenied(errs);
  return errs;
}

export const kruiseStatefulSetStrategy: Strategy = {
  defaults: (obj) => defaultKruiseStatefulSet(obj),
  prepareForCreate(obj) {
    delete obj.status;
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    keepStatusOnUpdate(obj, old);
    defaultKruiseStatefulSet(obj, old);
    bumpGenerationIfSpecChanged(obj, old);
  },
  prepareForStatusUpdate(obj, old) {
    keepSpecOnStatusUpdate(obj, old);
    obj.metadata.generation = old.metadata.generation;
  },
  // Thrown rather than returned: a webhook's denial is not the API server's own 422 Invalid.
  validateCreate: (obj) => deny(validateKruiseStatefulSet(obj)),
  validateUpdate: (obj, old) => deny(validateKruiseStatefulSetUpdate(obj, old)),
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
