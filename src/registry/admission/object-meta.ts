// ObjectMeta validation shared by every kind (apimachinery api/validation/objectmeta.go plus the core
// finalizer rule): name/generateName, namespace presence, labels, annotations, owner references and
// finalizers on create; immutable identity fields on update.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { LabelSelector, ObjectMeta } from '../../apimachinery/types.js';
import { isDNS1123Label, isLabelValue, isQualifiedName, type NameFn } from './name-rules.js';
import { deepEqual, fp } from './util.js';

export const FIELD_IMMUTABLE = 'field is immutable';
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldErr.invalid(path, k, m));
    for (const m of isLabelValue(String(v))) errs.push(fieldErr.invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Annotation keys follow the qualified-name rule, except that case does not matter.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldErr.invalid(path, k, m));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErr.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errs.push(fieldErr.invalid(fp.child(path, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(fieldErr.invalid(fp.child(path, 'kind'), ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(fieldErr.invalid(fp.child(path, 'name'), ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(fieldErr.invalid(fp.child(path, 'uid'), ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') errs.push(fieldErr.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          fieldErr.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`),
        );
      else firstController = cur;
    }
  }
  return errs;
}

// customresourcecleanup is apiextensions' own finalizer; its registry validates CRD metadata without the qualified-name rule.
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion', 'customresourcecleanup.apiextensions.k8s.io']);

function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    for (const m of isQualifiedName(f)) errs.push(fieldErr.invalid(path, f, m));
    // Built-in kinds additionally insist on a domain-qualified name unless it is a standard one.
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f))
      errs.push(fieldErr.invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  if (finalizers?.includes('orphan') && finalizers.includes('foregroundDeletion'))
    errs.push(fieldErr.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  return errs;
}

function validateCommon(meta: ObjectMeta, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (namespaced) {
    if (!meta.namespace) errs.push(fieldErr.required(fp.child(path, 'namespace')));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(fieldErr.invalid(fp.child(path, 'namespace'), meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(fieldErr.forbidden(fp.child(path, 'namespace'), 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0)
    errs.push(fieldErr.invalid(fp.child(path, 'generation'), meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, fp.child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, fp.child(path, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, fp.child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, fp.child(path, 'finalizers')));
  return errs;
}

/** ValidateObjectMeta: the REST layer has already turned generateName into a name when it could. */
export function validateObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, nameFn: NameFn, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) for (const msg of nameFn(m.generateName, true)) errs.push(fieldErr.invalid(fp.child(path, 'generateName'), m.generateName, msg));
  if (!m.name) errs.push(fieldErr.required(fp.child(path, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(m.name, false)) errs.push(fieldErr.invalid(fp.child(path, 'name'), m.name, msg));
  return [...errs, ...validateCommon(m, namespaced, path)];
}

function immutable(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  return deepEqual(newVal ?? '', oldVal ?? '') ? [] : [fieldErr.invalid(path, newVal ?? '', FIELD_IMMUTABLE)];
}

/** ValidateImmutableField: `<path>: Invalid value: <new>: field is immutable`. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [fieldErr.invalid(path, newVal ?? null, FIELD_IMMUTABLE)];
}

/** ValidateObjectMetaUpdate: identity fields are immutable; labels etc. are re-validated. */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length)
      errs.push(
        fieldErr.forbidden(
          fp.child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${[...new Set(added)].sort().map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
  }
  errs.push(...immutable(m.name, o.name, fp.child(path, 'name')));
  errs.push(...immutable(m.namespace, o.namespace, fp.child(path, 'namespace')));
  errs.push(...immutable(m.uid, o.uid, fp.child(path, 'uid')));
  errs.push(...immutable(m.creationTimestamp, o.creationTimestamp, fp.child(path, 'creationTimestamp')));
  errs.push(...validateLabels(m.labels, fp.child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, fp.child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, fp.child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, fp.child(path, 'finalizers')));
  return errs;
}


/** metav1 ValidateLabelSelector (strict: label values in selectors must be valid label values). */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs: FieldError[] = [];
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const rp = fp.index(fp.child(path, 'matchExpressions'), i);
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) errs.push(fieldErr.required(fp.child(rp, 'values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldErr.forbidden(fp.child(rp, 'values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      errs.push(fieldErr.invalid(fp.child(rp, 'operator'), req.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(req.key ?? '')) errs.push(fieldErr.invalid(fp.child(rp, 'key'), req.key ?? '', m));
    values.forEach((v, j) => {
      for (const m of isLabelValue(v)) errs.push(fieldErr.invalid(fp.index(fp.child(rp, 'values'), j), v, m));
    });
  });
  errs.push(...validateLabels(sel.matchLabels, fp.child(path, 'matchLabels')));
  return errs;
}

/** labels.Selector.Matches for a LabelSelector (after validation). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const vals = req.values ?? [];
    if (req.operator === 'In' && !(has && vals.includes(l[req.key]!))) return false;
    if (req.operator === 'NotIn' && has && vals.includes(l[req.key]!)) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

