// Pod strategy (k/k pkg/registry/core/pod/strategy.go + core validation ValidatePod /
// ValidatePodUpdate / ValidatePodStatusUpdate): defaults, admission-plugin additions on create,
// the narrow set of spec fields a Pod update may change, and the status subresource rules.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDNSSubdomain } from './name-rules.js';
import { admitPodCreate, defaultPod, podQOSClass } from './pod-defaults.js';
import { validatePodSpec, validateTolerations } from './pod-validation.js';
import { clone, deepEqual, fp, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

export const POD_UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

export function validatePod(pod: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain),
    ...validatePodSpec(pod.spec, 'spec'),
  ];
}

function validateContainerImageUpdates(newCs: Obj[], oldCs: Obj[], path: string): { errs: FieldError[]; stop: boolean } {
  if (newCs.length !== oldCs.length) return { errs: [fieldErr.forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  newCs.forEach((c, i) => {
    if (!c.image) errs.push(fieldErr.required(fp.child(fp.index(path, i), 'image')));
  });
  return { errs, stop: false };
}

function validateActiveDeadlineUpdate(n: unknown, o: unknown): FieldError[] {
  const path = 'spec.activeDeadlineSeconds';
  if (n === undefined || n === null) {
    return o === undefined || o === null ? [] : [fieldErr.invalid(path, null, 'must not update from a positive integer to nil value')];
  }
  if (typeof n !== 'number' || n < 0 || n > 2147483647) return [fieldErr.invalid(path, n, 'must be between 0 and 2147483647, inclusive')];
  if (typeof o === 'number' && o < n) return [fieldErr.invalid(path, n, 'must be less than or equal to previous value')];
  return [];
}

/** validateOnlyAddedTolerations: every old toleration must survive, only tolerationSeconds may change. */
function validateOnlyAddedTolerations(newTols: Obj[], oldTols: Obj[]): FieldError[] {
  for (const old of oldTols) {
    const found = newTols.some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [fieldErr.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(newTols, 'spec.tolerations');
}

/** A compact diff of two JSON values, standing in for the cmp.Diff text upstream appends. */
export function describeDiff(a: unknown, b: unknown, path = ''): string[] {
  if (deepEqual(a, b)) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [`- ${path}: ${JSON.stringify(a ?? null)}`, `+ ${path}: ${JSON.stringify(b ?? null)}`];
  const ao = a as Obj;
  const bo = b as Obj;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  return keys.flatMap((k) => describeDiff(ao[k], bo[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
}

/** The spec with every field an update may legally change reset to the old value. */
function mungedSpec(newSpec: Obj, oldSpec: Obj): Obj {
  const m = clone(newSpec);
  const copyImages = (key: string): void => {
    (m[key] ?? []).forEach((c: Obj, i: number) => {
      c.image = oldSpec[key]?.[i]?.image;
    });
  };
  copyImages('containers');
  copyImages('initContainers');
  m.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  m.tolerations = oldSpec.tolerations;
  m.schedulingGates = oldSpec.schedulingGates;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && m.terminationGracePeriodSeconds === 1) m.terminationGracePeriodSeconds = oldGrace;
  return m;
}

function validateSchedulingGatesUpdate(n: Obj[] | undefined, o: Obj[] | undefined): FieldError[] {
  const oldNames = new Set((o ?? []).map((g) => g.name));
  const added = (n ?? []).some((g) => !oldNames.has(g.name));
  return added ? [fieldErr.forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate')] : [];
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodSpec(pod.spec, 'spec')];
  const ns: Obj = pod.spec ?? {};
  const os: Obj = old.spec ?? {};
  const c = validateContainerImageUpdates(ns.containers ?? [], os.containers ?? [], 'spec.containers');
  errs.push(...c.errs);
  if (c.stop) return errs;
  const ic = validateContainerImageUpdates(ns.initContainers ?? [], os.initContainers ?? [], 'spec.initContainers');
  errs.push(...ic.errs);
  if (ic.stop) return errs;
  const ads = validateActiveDeadlineUpdate(ns.activeDeadlineSeconds, os.activeDeadlineSeconds);
  if (ads.length) return [...errs, ...ads];
  errs.push(...validateOnlyAddedTolerations(ns.tolerations ?? [], os.tolerations ?? []));
  errs.push(...validateSchedulingGatesUpdate(ns.schedulingGates, os.schedulingGates));
  if (deepEqual(ns, os)) return errs;
  const munged = mungedSpec(ns, os);
  if (!deepEqual(munged, os)) {
    const diff = describeDiff(os, munged).join('\n');
    errs.push(fieldErr.forbidden('spec', `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS.join(',')}\n${diff}`));
  }
  return errs;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const np = pod.status?.phase;
  const op = old.status?.phase;
  if (op && TERMINAL.has(op) && np !== op) errs.push(fieldErr.forbidden('status.phase', `cannot transition from ${op} to ${np ?? ''}`));
  return errs;
}

export const podStrategy: Strategy = {
  defaults: (obj) => defaultPod(obj),
  prepareForCreate(obj) {
    admitPodCreate(obj);
    defaultPod(obj);
    obj.status = { phase: 'Pending', qosClass: podQOSClass(obj.spec ?? {}) };
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    keepStatusOnUpdate(obj, old);
    defaultPod(obj);
    // Pods track spec changes in metadata.generation (PodObservedGenerationTracking).
    const prev = old.metadata.generation ?? 1;
    obj.metadata.generation = deepEqual(obj.spec, old.spec) ? prev : prev + 1;
  },
  prepareForStatusUpdate(obj, old) {
    keepSpecOnStatusUpdate(obj, old);
    obj.metadata.generation = old.metadata.generation;
    // The pods/status endpoint may not touch owner references (old kubelets corrupted them).
    obj.metadata.ownerReferences = clone(old.metadata.ownerReferences);
    if (old.metadata.deletionTimestamp === undefined) delete obj.metadata.deletionTimestamp;
    else obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
  },
  validateCreate: validatePod,
  validateUpdate: validatePodUpdate,
  validateStatusUpdate: validatePodStatusUpdate,
  warnings: (obj) => podWarnings(obj.spec ?? {}, 'spec', obj.metadata.annotations),
};

/** A few of upstream's GetWarningsForPod checks that matter for hand-written manifests. */
export function podWarnings(spec: Obj, path: string, annotations?: Record<string, string>): string[] {
  const w: string[] = [];
  if (spec.serviceAccount && spec.serviceAccountName && spec.serviceAccount !== spec.serviceAccountName)
    w.push(`${path}.serviceAccount: deprecated; use ${path}.serviceAccountName instead`);
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0)
    w.push(`${path}.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`);
  for (const k of Object.keys(annotations ?? {})) {
    if (k === 'scheduler.alpha.kubernetes.io/critical-pod') w.push(`metadata.annotations[${k}]: non-functional in v1.16+; use the "priorityClassName" field instead`);
  }
  for (const [key, sel] of [['nodeSelector', spec.nodeSelector]] as const) {
    if (sel && Object.keys(sel).includes('beta.kubernetes.io/arch')) w.push(`${path}.${key}[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead`);
    if (sel && Object.keys(sel).includes('beta.kubernetes.io/os')) w.push(`${path}.${key}[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead`);
  }
  return w;
}
