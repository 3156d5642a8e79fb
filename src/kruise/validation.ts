// Kruise's validating webhook for Advanced StatefulSet (pkg/webhook/statefulset/validating
// statefulset_validation.go), as field errors the API server turns into a 422. Messages and field
// paths follow Kruise's source, including its quirks (reserveOrdinals errors on `spec`, the
// forbidden-update message that does not list scaleStrategy). Runs after defaulting, as in Kruise.

import { fieldErr, type FieldError } from '../apimachinery/field-errors.js';
import { forbiddenSpecChange, validatePodManagementPolicy, validateSelectorAndTemplate } from '../registry/admission/statefulset.js';
import type { KubeObject, LabelSelector } from '../apimachinery/types.js';
import { labelSelectorAsSelector } from '../apimachinery/labels.js';
import { isValidPercent, nameIsDNSLabel } from '../registry/admission/name-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../registry/admission/object-meta.js';
import { inPlaceOnlyViolation } from './inplace-diff.js';
import { InPlaceUpdateReady } from './types.js';

type Obj = Record<string, any>;

export const KRUISE_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', `volumeClaimTemplates`, `VolumeClaimUpdateStrategy` and 'updateStrategy' are forbidden";
export const MaxMinReadySeconds = 300;
const RU = 'spec.updateStrategy.rollingUpdate';

const nonNegative = (v: unknown, path: string): FieldError[] => (typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : []);

/** One reserveOrdinals item: an int ≥ 0 or "a-b" with a ≤ b. Errors are on `spec`, as Kruise reports them. */
export function validateReserveOrdinal(v: unknown, i: number): FieldError[] {
  if (typeof v === 'number') return v < 0 ? [fieldErr.invalid('spec', v, `${i} th reserve ordinal is negative: ${v}`)] : [];
  const s = String(v);
  if (!/^\d+-\d+$/.test(s)) return [fieldErr.invalid('spec', v, `${i} th reserve ordinal is not a valid range: ${s}`)];
  const [a, b] = s.split('-').map(Number);
  if (a > b) return [fieldErr.invalid('spec', v, `${i} th reserve ordinal is invalid: ${s}, err = invalid range ${s}`)];
  return [];
}

/** The maxUnavailable rules shared by rollingUpdate and scaleStrategy. */
export function validateMaxUnavailable(v: unknown, path: string, podManagementPolicy: unknown): FieldError[] {
  if (v === undefined || v === null) return [];
  const errs: FieldError[] = [];
  let scaled: number | undefined;
  if (typeof v === 'string') {
    const bad = isValidPercent(v);
    bad.forEach((m) => errs.push(fieldErr.invalid(path, v, m)));
    if (!bad.length) scaled = Math.ceil(Number(v.slice(0, -1)) / 100); // scaled against 1, rounded up
  } else if (typeof v === 'number') {
    errs.push(...nonNegative(v, path));
    scaled = v;
  }
  if (scaled !== undefined && scaled < 1) errs.push(fieldErr.invalid(path, v, 'should not be less than 1'));
  if (podManagementPolicy !== 'Parallel' && v !== 1) errs.push(fieldErr.invalid(path, v, 'can only work with Parallel PodManagementPolicyType'));
  return errs;
}

function validatePriorityStrategy(ps: Obj | undefined, path: string): FieldError[] {
  if (!ps) return [];
  const weights: Obj[] = ps.weightPriority ?? [];
  const orders: Obj[] = ps.orderPriority ?? [];
  if (weights.length && orders.length) return [fieldErr.invalid(path, ps, 'only one of weightPriority and orderPriority can be used')];
  const errs: FieldError[] = [];
  for (const w of weights) {
    if (typeof w.weight !== 'number' || w.weight < 0 || w.weight > 100) errs.push(fieldErr.invalid(path, ps, 'weight must be valid number in the range 1-100'));
    const sel: LabelSelector | undefined = w.matchSelector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
      errs.push(fieldErr.invalid(path, ps, 'selector can not be empty'));
      continue;
    }
    try {
      labelSelectorAsSelector(sel);
    } catch (e) {
      errs.push(fieldErr.invalid(path, ps, `invalid selector ${(e as Error).message}`));
    }
  }
  for (const o of orders) if (!o.orderedKey) errs.push(fieldErr.invalid(path, ps, 'order key can not be empty'));
  return errs;
}

function hasInPlaceGate(spec: Obj): boolean {
  return (spec.template?.spec?.readinessGates ?? []).some((g: Obj) => g?.conditionType === InPlaceUpdateReady);
}

function validatePodUpdatePolicy(spec: Obj, ru: Obj): FieldError[] {
  const p = ru.podUpdatePolicy;
  if (!p) return [fieldErr.required(`${RU}.podUpdatePolicy`)];
  if (p === 'ReCreate') return [];
  if (p === 'InPlaceIfPossible' || p === 'InPlaceOnly') {
    if (hasInPlaceGate(spec)) return [];
    return [fieldErr.invalid('spec.template.spec.readinessGates', spec.template?.spec?.readinessGates ?? null, `must contains ${InPlaceUpdateReady} when podUpdatePolicy is ${p}`)];
  }
  return [fieldErr.invalid(`${RU}.podUpdatePolicy`, p, "must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'")];
}

function validateRollingUpdate(spec: Obj, ru: Obj): FieldError[] {
  const errs = [...nonNegative(ru.partition ?? 0, `${RU}.partition`)];
  errs.push(...validateMaxUnavailable(ru.maxUnavailable, `${RU}.maxUnavailable`, spec.podManagementPolicy));
  errs.push(...validatePodUpdatePolicy(spec, ru));
  if (ru.unorderedUpdate) {
    if (spec.podManagementPolicy !== 'Parallel') errs.push(fieldErr.required(`${RU}.unorderedUpdate`, 'unorderedUpdate can only work with Parallel PodManagementPolicyType'));
    errs.push(...validatePriorityStrategy(ru.unorderedUpdate.priorityStrategy, `${RU}.unorderedUpdate.priorityStrategy`));
  }
  const mrs = ru.minReadySeconds ?? 0;
  errs.push(...nonNegative(mrs, `${RU}.minReadySeconds`));
  if (mrs > MaxMinReadySeconds) errs.push(fieldErr.invalid(`${RU}.minReadySeconds`, mrs, `must be no more than ${MaxMinReadySeconds} seconds`));
  return errs;
}

function validateUpdateStrategy(spec: Obj): FieldError[] {
  const us: Obj = spec.updateStrategy ?? {};
  if (!us.type) return [fieldErr.required('spec.updateStrategy')];
  if (us.type === 'OnDelete') return us.rollingUpdate ? [fieldErr.invalid(RU, us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
  if (us.type !== 'RollingUpdate') return [fieldErr.invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'")];
  return us.rollingUpdate ? validateRollingUpdate(spec, us.rollingUpdate) : [];
}

function validateRetention(p: Obj | undefined): FieldError[] {
  if (!p) return [];
  const supported = ['Retain', 'Delete'];
  return ['whenDeleted', 'whenScaled'].flatMap((k) => (supported.includes(p[k]) ? [] : [fieldErr.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, p[k] ?? '', supported)]));
}

/** validateStatefulSetSpec, in Kruise's order. */
export function validateKruiseStatefulSetSpec(spec: Obj | undefined): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  const pmp = s.podManagementPolicy;
  errs.push(...validatePodManagementPolicy(pmp));
  (s.reserveOrdinals ?? []).forEach((v: unknown, i: number) => errs.push(...validateReserveOrdinal(v, i)));
  errs.push(...validateUpdateStrategy(s));
  errs.push(...validateMaxUnavailable(s.scaleStrategy?.maxUnavailable, 'spec.scaleStrategy.maxUnavailable', pmp));
  errs.push(...validateRetention(s.persistentVolumeClaimRetentionPolicy));
  errs.push(...nonNegative(s.replicas ?? 0, 'spec.replicas'));
  if (s.ordinals) errs.push(...nonNegative(s.ordinals.start ?? 0, 'spec.ordinals.start'));
  errs.push(...validateSelectorAndTemplate(s));
  return errs;
}

export function validateKruiseStatefulSet(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, true, nameIsDNSLabel), ...validateKruiseStatefulSetSpec(obj.spec)];
}

const MUTABLE = ['replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'volumeClaimTemplates', 'volumeClaimUpdateStrategy', 'updateStrategy', 'scaleStrategy'];

export function validateKruiseStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateKruiseStatefulSetSpec(obj.spec)];
  errs.push(...forbiddenSpecChange(obj.spec, old.spec, MUTABLE, KRUISE_SPEC_FORBIDDEN));
  if (obj.spec?.updateStrategy?.rollingUpdate?.podUpdatePolicy === 'InPlaceOnly') {
    const bad = inPlaceOnlyViolation(old.spec?.template?.spec, obj.spec?.template?.spec);
    if (bad) errs.push(fieldErr.forbidden('spec.template', `invalid template modified with InPlaceOnly strategy: ${bad}, currently only image update is allowed for InPlaceOnly`));
  }
  return errs;
}
