// CustomResourceDefinition (apiextensions.k8s.io/v1) strategy: defaults, the spec/name checks of
// apiextensions validation (ValidateCustomResourceDefinition[Update], stored versions), and the
// registry behaviour (status reset on create, storedVersions seeded, generation on spec change).
// OpenAPI schema structural checks are out of scope here.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1035Label, isDNS1123Subdomain, type NameFn } from './name-rules.js';
import { bumpGenerationIfSpecChanged, clone, ensureObj, fp, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

const SCOPES = ['Cluster', 'Namespaced'];
const CONVERSION_STRATEGIES = ['None', 'Webhook'];

export function defaultCRD(crd: KubeObject): void {
  const spec: Obj = (crd.spec ??= {});
  const names = ensureObj(spec, 'names');
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  if (!spec.conversion) spec.conversion = { strategy: 'None' };
  for (const v of spec.versions ?? []) {
    const status = v.subresources?.status;
    if (status === null) v.subresources.status = {};
  }
}

function validateEnum(v: unknown, path: string, values: string[]): FieldError[] {
  if (!v) return [fieldErr.required(path)];
  return values.includes(String(v)) ? [] : [fieldErr.notSupported(path, v, values)];
}

function validateGroup(group: unknown): FieldError[] {
  if (!group) return [fieldErr.required('spec.group')];
  const g = String(group);
  const errs = isDNS1123Subdomain(g);
  if (errs.length) return [fieldErr.invalid('spec.group', g, errs.join(','))];
  if (g.split('.').length < 2) return [fieldErr.invalid('spec.group', g, 'should be a domain with at least one dot')];
  return [];
}

function validateVersions(versions: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const msgs = isDNS1035Label(String(v.name ?? ''));
    if (msgs.length) errs.push(fieldErr.invalid(fp.child(fp.index('spec.versions', i), 'name'), v.name ?? '', msgs.join(',')));
  });
  if (!unique) errs.push(fieldErr.invalid('spec.versions', versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(fieldErr.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  return errs;
}

function validateNames(names: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['plural', 'singular', 'kind', 'listKind']) if (!names[f]) errs.push(fieldErr.required(`spec.names.${f}`));
  for (const f of ['plural', 'singular']) {
    const msgs = names[f] ? isDNS1035Label(names[f]) : [];
    if (msgs.length) errs.push(fieldErr.invalid(`spec.names.${f}`, names[f], msgs.join(',')));
  }
  (names.shortNames ?? []).forEach((s: string, i: number) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length) errs.push(fieldErr.invalid(fp.index('spec.names.shortNames', i), s, msgs.join(',')));
  });
  for (const f of ['kind', 'listKind']) {
    const msgs = names[f] ? isDNS1035Label(String(names[f]).toLowerCase()) : [];
    if (msgs.length) errs.push(fieldErr.invalid(`spec.names.${f}`, names[f], `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
  }
  if (names.kind && names.listKind && names.kind === names.listKind) errs.push(fieldErr.invalid('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  return errs;
}

export function validateCRDSpec(spec: Obj | undefined): FieldError[] {
  const s = spec ?? {};
  return [
    ...validateGroup(s.group),
    ...validateEnum(s.scope, 'spec.scope', SCOPES),
    ...validateVersions(s.versions ?? []),
    ...validateNames(s.names ?? {}),
    ...(s.conversion ? validateEnum(s.conversion.strategy, 'spec.conversion.strategy', CONVERSION_STRATEGIES) : []),
  ];
}

export function validateStoredVersions(crd: KubeObject): FieldError[] {
  const stored: string[] = crd.status?.storedVersions ?? [];
  const path = 'status.storedVersions';
  if (stored.length === 0) return [fieldErr.invalid(path, stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of crd.spec?.versions ?? []) {
    if (v.storage && !remaining.has(v.name)) errs.push(fieldErr.invalid(path, v, `must have the storage version ${v.name}`));
    remaining.delete(v.name);
  }
  for (const [v, i] of remaining) errs.push(fieldErr.invalid(fp.index(path, i), v, 'must appear in spec.versions'));
  return errs;
}

function crdNameFn(crd: KubeObject): NameFn {
  return (name, prefix) => {
    const msgs = isDNS1123Subdomain(prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
    if (name !== `${crd.spec?.names?.plural}.${crd.spec?.group}`) msgs.push('must be spec.names.plural+"."+spec.group');
    return msgs;
  };
}

export function validateCRD(crd: KubeObject): FieldError[] {
  return [...validateObjectMeta(crd.metadata, false, crdNameFn(crd)), ...validateCRDSpec(crd.spec), ...validateStoredVersions(crd)];
}

function isEstablished(crd: KubeObject): boolean {
  return (crd.status?.conditions ?? []).some((c: Obj) => c.type === 'Established' && c.status === 'True');
}

export function validateCRDUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(crd.metadata, old.metadata), ...validateCRDSpec(crd.spec)];
  if (isEstablished(old)) {
    errs.push(...validateImmutableField(crd.spec?.scope, old.spec?.scope, 'spec.scope'));
    errs.push(...validateImmutableField(crd.spec?.names?.kind, old.spec?.names?.kind, 'spec.names.kind'));
  }
  errs.push(...validateImmutableField(crd.spec?.group, old.spec?.group, 'spec.group'));
  errs.push(...validateImmutableField(crd.spec?.names?.plural, old.spec?.names?.plural, 'spec.names.plural'));
  errs.push(...validateStoredVersions(crd));
  return errs;
}

/** The storage version is always recorded in status.storedVersions (never removed here). */
function addStorageVersion(crd: KubeObject): void {
  const storage = (crd.spec?.versions ?? []).find((v: Obj) => v.storage);
  if (!storage) return;
  const status = ensureObj(crd, 'status');
  const stored: string[] = status.storedVersions ?? [];
  if (!stored.includes(storage.name)) stored.push(storage.name);
  status.storedVersions = stored;
}

export const customResourceDefinitionStrategy: Strategy = {
  defaults: defaultCRD,
  prepareForCreate(obj) {
    obj.status = {};
    obj.metadata.generation = 1;
    addStorageVersion(obj);
  },
  prepareForUpdate(obj, old) {
    keepStatusOnUpdate(obj, old);
    defaultCRD(obj);
    bumpGenerationIfSpecChanged(obj, old);
    addStorageVersion(obj);
  },
  prepareForStatusUpdate(obj, old) {
    keepSpecOnStatusUpdate(obj, old);
    // ResetObjectMetaForStatus: the status endpoint cannot change metadata other than via status.
    const m = obj.metadata;
    const o = old.metadata;
    m.labels = clone(o.labels);
    m.annotations = clone(o.annotations);
    m.finalizers = clone(o.finalizers);
    m.ownerReferences = clone(o.ownerReferences);
    m.generation = o.generation;
    m.deletionTimestamp = o.deletionTimestamp;
    for (const k of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'deletionTimestamp'] as const) if (m[k] === undefined) delete m[k];
  },
  validateCreate: validateCRD,
  validateUpdate: validateCRDUpdate,
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStoredVersions(obj)],
};
