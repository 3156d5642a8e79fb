// The sandbox's built-in StorageClasses and the class helpers the controllers need.
// `standard` is the default class, modelled on rancher's local-path-provisioner: volumes are
// directories on one node, so binding waits for the first consumer and the PV is pinned to the
// node the scheduler chose. `shared` is modelled on an NFS subdir provisioner: Immediate binding,
// usable from every node.

import { isAlreadyExists } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import { ANN_BETA_DEFAULT_CLASS, ANN_BETA_STORAGE_CLASS, ANN_DEFAULT_CLASS, LOCAL_PATH_PROVISIONER, SHARED_PROVISIONER } from './constants.js';

export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
  allowedTopologies?: unknown[];
}

export const BUILTIN_STORAGE_CLASSES: readonly StorageClass[] = [
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [ANN_DEFAULT_CLASS]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'shared' },
    provisioner: SHARED_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  },
];

/**
 * Creates the built-in classes that do not exist yet. Existing ones are left alone (an admin may
 * have changed their annotations, e.g. moved the default elsewhere).
 */
export async function ensureDefaultStorageClasses(client: ApiClient): Promise<void> {
  for (const sc of BUILTIN_STORAGE_CLASSES) {
    try {
      await client.create(R.storageclasses, structuredClone(sc) as KubeObject);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
}

export function isDefaultClass(sc: KubeObject): boolean {
  const ann = sc.metadata.annotations ?? {};
  return ann[ANN_DEFAULT_CLASS] === 'true' || ann[ANN_BETA_DEFAULT_CLASS] === 'true';
}

/**
 * The default class as util.GetDefaultClass picks it: among several defaults the newest wins
 * (then the name, for determinism).
 */
export function defaultClassOf(classes: readonly KubeObject[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultClass) as StorageClass[];
  defaults.sort((a, b) => {
    const t = String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? ''));
    return t !== 0 ? t : String(a.metadata.name).localeCompare(String(b.metadata.name));
  });
  return defaults[0];
}

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function claimClassName(pvc: KubeObject): string {
  const ann = pvc.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return pvc.spec?.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: an explicit "" counts as a class (it means "no class"). */
export function claimHasClass(pvc: KubeObject): boolean {
  return pvc.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined || (pvc.spec?.storageClassName ?? null) !== null;
}

/** GetPersistentVolumeClass. */
export function volumeClassName(pv: KubeObject): string {
  const ann = pv.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return pv.spec?.storageClassName ?? '';
}
