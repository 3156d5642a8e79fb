// StatefulSet (apps/v1) strategy: SetDefaults_StatefulSet, ValidateStatefulSet[Update|Status], and
// pkg/registry/apps/statefulset/strategy.go (status wiped on create, kept on update, spec kept on
// /status, generation tracks spec changes, warnings). Details in
// /work/shared/reference/kubernetes-statefulset-and-kubectl.md §1.2–§1.6.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject, LabelSelector } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import {
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';
import { isValidPercent, nameIsDNSLabel } from './name-rules.js';
import { defaultPodSpec } from './pod-defaults.js';
import { podWarnings } from './pod.js';
import { validatePodSpec } from './pod-validation.js';
import { defaultPVC } from './pvc.js';
import { bumpGenerationIfSpecChanged, clone, deepEqual, ensureObj, fp, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

export const STS_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
export const NEGATIVE_HISTORY_WARNING =
  'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended';

function defaultUpdateStrategy(spec: Obj): void {
  const us = ensureObj(spec, 'updateStrategy');
  // Only an empty type materializes rollingUpdate: an explicit {type: RollingUpdate} keeps it nil.
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!us.rollingUpdate) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate) {
    if (us.rollingUpdate.partition === undefined || us.rollingUpdate.partition === null) us.rollingUpdate.partition = 0;
    // MaxUnavailableStatefulSet is on by default (beta, 1.35).
    if (us.rollingUpdate.maxUnavailable === undefined || us.rollingUpdate.maxUnavailable === null) us.rollingUpdate.maxUnavailable = 1;
  }
}

/** SetDefaults_StatefulSet plus the defaulter's recursion into the template and claim templates. */
export function defaultStatefulSet(sts: KubeObject): void {
  const spec: Obj = (sts.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  defaultUpdateStrategy(spec);
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  defaultPodSpec(ensureObj(ensureObj(spec, 'template'), 'spec'));
  for (const vct of spec.volumeClaimTemplates ?? []) {
    if (!vct.apiVersion) vct.apiVersion = 'v1';
    if (!vct.kind) vct.kind = 'PersistentVolumeClaim';
    defaultPVC(vct);
  }
}

function nonNegative(v: unknown, path: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/** getIntOrPercentValue: "N%" → N, an int → itself, anything else → 0. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v);
  if (isValidPercent(s).length === 0) return Number(s.slice(0, -1));
  return /^-?\d+$/.test(s) ? Number(s) : 0;
}

function validateMaxUnavailable(v: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof v === 'string') isValidPercent(v).forEach((m) => errs.push(fieldErr.invalid(path, v, m)));
  else if (typeof v === 'number') errs.push(...nonNegative(v, path));
  else errs.push(fieldErr.invalid(path, v, "must be an integer or percentage (e.g '5%')"));
  if (intOrPercentValue(v) === 0) errs.push(fieldErr.invalid(path, v, 'cannot be 0'));
  if (typeof v === 'string' && isValidPercent(v).length === 0 && intOrPercentValue(v) > 100)
    errs.push(fieldErr.invalid(path, v, 'must not be greater than 100%'));
  return errs;
}

function validateUpdateStrategy(us: Obj | undefined): FieldError[] {
  const path = 'spec.updateStrategy';
  const type = us?.type;
  if (!type) return [fieldErr.required(path)];
  if (type === 'OnDelete')
    return us?.rollingUpdate ? [fieldErr.invalid(fp.child(path, 'rollingUpdate'), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
  if (type !== 'RollingUpdate') return [fieldErr.invalid(path, us, "must be 'RollingUpdate' or 'OnDelete'")];
  const ru = us?.rollingUpdate;
  if (!ru) return [];
  const errs = nonNegative(ru.partition ?? 0, `${path}.rollingUpdate.partition`);
  if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) errs.push(...validateMaxUnavailable(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`));
  return errs;
}

function validateRetentionPolicy(p: Obj | undefined): FieldError[] {
  if (!p) return [];
  const supported = ['Retain', 'Delete'];
  const path = 'spec.persistentVolumeClaimRetentionPolicy';
  return ['whenDeleted', 'whenScaled'].flatMap((k) =>
    supported.includes(p[k]) ? [] : [fieldErr.notSupported(fp.child(path, k), p[k] ?? '', supported)],
  );
}

/** Selector/template rules shared by apps/v1 and OpenKruise's StatefulSet (Kruise reuses upstream's). */
export function validateSelectorAndTemplate(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sel: LabelSelector | undefined = spec.selector;
  const tpl: Obj = spec.template ?? {};
  const labels = tpl.metadata?.labels;
  if (!sel) errs.push(fieldErr.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    const empty = Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
    if (empty) errs.push(fieldErr.invalid('spec.selector', sel, 'empty selector is invalid for statefulset'));
    else if (!errs.length && !selectorMatches(sel, labels))
      errs.push(fieldErr.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(tpl.metadata?.annotations, 'spec.template.annotations'));
  // The volumeClaimTemplates provide volumes the containers may mount.
  const extraVolumes = (spec.volumeClaimTemplates ?? []).map((v: Obj) => v?.metadata?.name).filter(Boolean);
  errs.push(...validatePodSpec(tpl.spec, 'spec.template.spec', { extraVolumes }));
  const rp = tpl.spec?.restartPolicy;
  if (rp !== 'Always') errs.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null)
    errs.push(fieldErr.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

/** spec.podManagementPolicy: required (defaulting fills it) and one of the two policies. */
export function validatePodManagementPolicy(pmp: unknown): FieldError[] {
  if (!pmp) return [fieldErr.required('spec.podManagementPolicy')];
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel') return [fieldErr.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'")];
  return [];
}

/**
 * The update rule of a set's spec: apart from the `mutable` fields, the new spec must equal the old
 * one; any other change is one Forbidden error on `spec` with `message`.
 */
export function forbiddenSpecChange(newSpec: Obj | undefined, oldSpec: Obj | undefined, mutable: string[], message: string): FieldError[] {
  const masked: Obj = clone(newSpec ?? {});
  const old: Obj = oldSpec ?? {};
  for (const f of mutable) masked[f] = clone(old[f]);
  return deepEqual(masked, old) ? [] : [fieldErr.forbidden('spec', message)];
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: Obj | undefined): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  errs.push(...validatePodManagementPolicy(s.podManagementPolicy));
  errs.push(...validateUpdateStrategy(s.updateStrategy));
  errs.push(...validateRetentionPolicy(s.persistentVolumeClaimRetentionPolicy));
  errs.push(...nonNegative(s.replicas ?? 0, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (s.ordinals) errs.push(...nonNegative(s.ordinals.start ?? 0, 'spec.ordinals.start'));
  errs.push(...validateSelectorAndTemplate(s));
  return errs;
}

export function validateStatefulSet(sts: KubeObject): FieldError[] {
  return [...validateObjectMeta(sts.metadata, true, nameIsDNSLabel), ...validateStatefulSetSpec(sts.spec)];
}

const MUTABLE_SPEC_FIELDS = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy', 'revisionHistoryLimit'];

/** ValidateStatefulSetUpdate: the name is not re-validated; only the listed spec fields may change. */
export function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sts.metadata, old.metadata), ...validateStatefulSetSpec(sts.spec)];
  errs.push(...forbiddenSpecChange(sts.spec, old.spec, MUTABLE_SPEC_FIELDS, STS_SPEC_FORBIDDEN));
  return errs;
}

const STATUS_COUNTS = ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'];

/** ValidateStatefulSetStatus. */
export function validateStatefulSetStatus(status: Obj | undefined): FieldError[] {
  const st = status ?? {};
  const errs: FieldError[] = [];
  for (const f of STATUS_COUNTS) errs.push(...nonNegative(st[f] ?? 0, `status.${f}`));
  errs.push(...nonNegative(st.observedGeneration, 'status.observedGeneration'));
  errs.push(...nonNegative(st.collisionCount, 'status.collisionCount'));
  const replicas = st.replicas ?? 0;
  for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    if ((st[f] ?? 0) > replicas) errs.push(fieldErr.invalid(`status.${f}`, st[f] ?? 0, 'cannot be greater than status.replicas'));
  }
  if ((st.availableReplicas ?? 0) > (st.readyReplicas ?? 0))
    errs.push(fieldErr.invalid('status.availableReplicas', st.availableReplicas ?? 0, 'cannot be greater than status.readyReplicas'));
  return errs;
}

export function validateStatefulSetStatusUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateStatefulSetStatus(sts.status), ...validateObjectMetaUpdate(sts.metadata, old.metadata)];
  const oldCount = old.status?.collisionCount;
  const newCount = sts.status?.collisionCount;
  // IsDecremented: only when the old value was set and the new one is lower (nil counts as lower).
  if (typeof oldCount === 'number' && (typeof newCount !== 'number' || newCount < oldCount))
    errs.push(fieldErr.invalid('status.collisionCount', newCount ?? 0, 'cannot be decremented'));
  return errs;
}

/** WarningsOnCreate / WarningsOnUpdate: pod-template warnings and a negative history limit. */
export function statefulSetWarnings(sts: KubeObject, old?: KubeObject): string[] {
  const spec: Obj = sts.spec ?? {};
  const w: string[] = [];
  if (!old || !deepEqual(spec.template, old.spec?.template))
    w.push(...podWarnings(spec.template?.spec ?? {}, 'spec.template.spec', spec.template?.metadata?.annotations));
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) w.push(NEGATIVE_HISTORY_WARNING);
  return w;
}

export const statefulSetStrategy: Strategy = {
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    keepStatusOnUpdate(obj, old);
    // Upstream defaults while decoding, before this hook: compare defaulted specs, not raw input.
    defaultStatefulSet(obj);
    bumpGenerationIfSpecChanged(obj, old);
  },
  prepareForStatusUpdate(obj, old) {
    keepSpecOnStatusUpdate(obj, old);
    obj.metadata.generation = old.metadata.generation;
  },
  validateCreate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  validateStatusUpdate: validateStatefulSetStatusUpdate,
  warnings: statefulSetWarnings,
};
