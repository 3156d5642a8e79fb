// Namespace strategy (core v1 SetDefaults_Namespace, ValidateNamespace[Update|StatusUpdate|
// FinalizeUpdate], pkg/registry/core/namespace/strategy.go): DNS-label names, the
// `kubernetes` finalizer in spec, Active phase on create, the metadata.name label.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isQualifiedName, nameIsDNSLabel } from './name-rules.js';
import { carryOverMeta, clone, fp, keepSpecOnStatusUpdate } from './util.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function defaultNamespace(ns: KubeObject): void {
  // The immutable name label lets selectors pick namespaces by name.
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.metadata.name };
}

function validateSpecFinalizers(finalizers: string[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (finalizers ?? []).forEach((f) => {
    const path = 'spec.finalizers';
    isQualifiedName(f).forEach((m) => errs.push(fieldErr.invalid(path, f, m)));
    if (!f.includes('/') && f !== 'kubernetes') errs.push(fieldErr.invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

export function validateNamespace(ns: KubeObject): FieldError[] {
  return [...validateObjectMeta(ns.metadata, false, nameIsDNSLabel), ...validateSpecFinalizers(ns.spec?.finalizers)];
}

export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}

export function validateNamespaceStatusUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? '';
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== 'Active') errs.push(fieldErr.invalid(fp.child('status', 'Phase'), phase, 'may only be \'Active\' if `deletionTimestamp` is empty'));
  } else if (phase !== 'Terminating') {
    errs.push(fieldErr.invalid(fp.child('status', 'Phase'), phase, 'may only be in terminating status if `deletionTimestamp` is not empty'));
  }
  return errs;
}

/** The /finalize subresource: only spec.finalizers may change. */
export function prepareNamespaceFinalize(ns: KubeObject, old: KubeObject): void {
  const finalizers = ns.spec?.finalizers;
  ns.spec = { ...clone(old.spec ?? {}), finalizers };
  ns.status = clone(old.status);
}

export const namespaceStrategy: Strategy = {
  defaults: defaultNamespace,
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const spec = (obj.spec ??= {});
    const fins: string[] = spec.finalizers ?? [];
    if (!fins.includes('kubernetes')) fins.push('kubernetes');
    spec.finalizers = fins;
  },
  prepareForUpdate(obj, old) {
    carryOverMeta(obj, old);
    // Spec finalizers change only through /finalize; status only through /status.
    obj.spec = { ...(obj.spec ?? {}), finalizers: clone(old.spec?.finalizers) };
    if (obj.spec.finalizers === undefined) delete obj.spec.finalizers;
    obj.status = clone(old.status);
  },
  prepareForStatusUpdate: keepSpecOnStatusUpdate,
  validateCreate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  validateStatusUpdate: validateNamespaceStatusUpdate,
};
