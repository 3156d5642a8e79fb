// PersistentVolume strategy (core v1 SetDefaults_PersistentVolume, ValidatePersistentVolume[Update],
// pkg/registry/core/persistentvolume/strategy.go). PVs are cluster-scoped.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from './name-rules.js';
import { parseQuantity } from './quantity.js';
import { validateAccessModes, VOLUME_MODES } from './pvc.js';
import { describeDiff } from './pod.js';
import { deepEqual, ensureObj, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs',
  'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi', 'iscsi',
];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

export function defaultPV(pv: KubeObject): void {
  const spec = ensureObj(pv, 'spec');
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = '';
  const status = ensureObj(pv, 'status');
  if (!status.phase) status.phase = 'Pending';
}

function validateCapacity(spec: Obj): FieldError[] {
  const cap: Obj = spec.capacity ?? {};
  if (Object.keys(cap).length === 0) return [fieldErr.required('spec.capacity')];
  if (cap.storage === undefined || Object.keys(cap).length > 1) return [fieldErr.notSupported('spec.capacity', cap, ['storage'])];
  const n = parseQuantity(cap.storage);
  if (n === undefined || n <= 0) return [fieldErr.invalid('spec.capacity[storage]', String(cap.storage), 'must be greater than zero')];
  return [];
}

function validateSources(spec: Obj): FieldError[] {
  const present = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (present.length === 0) return [fieldErr.required('spec', 'must specify a volume type')];
  const errs = present.slice(1).map((s) => fieldErr.forbidden(`spec.${s}`, 'may not specify more than 1 volume type'));
  if (spec.hostPath && !spec.hostPath.path) errs.push(fieldErr.required('spec.hostPath.path'));
  if (spec.local && !spec.local.path) errs.push(fieldErr.required('spec.local.path'));
  if (spec.local && !spec.nodeAffinity) errs.push(fieldErr.required('spec.nodeAffinity', 'Local volume requires node affinity'));
  if (spec.csi && !spec.csi.driver) errs.push(fieldErr.required('spec.csi.driver'));
  if (spec.csi && !spec.csi.volumeHandle) errs.push(fieldErr.required('spec.csi.volumeHandle'));
  return errs;
}

export function validatePV(pv: KubeObject): FieldError[] {
  const spec: Obj = pv.spec ?? {};
  const errs = [...validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain)];
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes', ''));
  errs.push(...validateCapacity(spec));
  errs.push(...validateSources(spec));
  const rp = spec.persistentVolumeReclaimPolicy;
  if (rp && !RECLAIM_POLICIES.includes(rp)) errs.push(fieldErr.notSupported('spec.persistentVolumeReclaimPolicy', rp, RECLAIM_POLICIES));
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(fieldErr.notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  if (spec.storageClassName) isDNS1123Subdomain(spec.storageClassName).forEach((m) => errs.push(fieldErr.invalid('spec.storageClassName', spec.storageClassName, m)));
  return errs;
}

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode are immutable. */
export function validatePVUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pv.metadata, old.metadata), ...validatePV(pv).filter((e) => !e.field.startsWith('metadata.'))];
  const ns: Obj = pv.spec ?? {};
  const os: Obj = old.spec ?? {};
  const pick = (s: Obj): Obj => Object.fromEntries(PV_SOURCES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (!deepEqual(pick(ns), pick(os))) {
    const diff = describeDiff(pick(os), pick(ns)).join('\n');
    errs.push(fieldErr.forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${diff}`));
  }
  if ((ns.volumeMode ?? 'Filesystem') !== (os.volumeMode ?? 'Filesystem')) errs.push(fieldErr.invalid('spec.volumeMode', ns.volumeMode, 'field is immutable'));
  if (os.nodeAffinity && !deepEqual(ns.nodeAffinity, os.nodeAffinity)) errs.push(fieldErr.invalid('spec.nodeAffinity', ns.nodeAffinity ?? null, 'field is immutable'));
  return errs;
}

export const persistentVolumeStrategy: Strategy = {
  defaults: defaultPV,
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  },
  prepareForUpdate: keepStatusOnUpdate,
  prepareForStatusUpdate(obj, old) {
    keepSpecOnStatusUpdate(obj, old);
    // The phase transition time follows phase changes, as the PV status strategy does.
    if (obj.status?.phase && obj.status.phase !== old.status?.phase) obj.status.lastPhaseTransitionTime = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  },
  validateCreate: validatePV,
  validateUpdate: validatePVUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
