// PersistentVolumeClaim, PersistentVolume and StorageClass table printers. PVC CAPACITY and
// ACCESS MODES come from status and only once the claim names a volume; deleting objects show
// Terminating; the default StorageClass gets " (default)" appended to its name.

import type { KubeObject } from '../../apimachinery/types.js';
import { accessModes, col, kindPrinter, storageClassOf } from './common.js';

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** STORAGECLASS and VOLUMEATTRIBUTESCLASS, which claims and volumes print alike. */
function classColumns(kind: 'pvc' | 'pv') {
  return [col('StorageClass', 'string', `StorageClass of the ${kind}`), col('VolumeAttributesClass', 'string', `VolumeAttributesClass of the ${kind}`)];
}

function classCells(obj: KubeObject): string[] {
  return [storageClassOf(obj), obj.spec?.volumeAttributesClassName ?? '<unset>'];
}

/** VOLUMEMODE, the wide column after AGE that claims and volumes share. */
const volumeMode = {
  afterAge: [col('VolumeMode', 'string', 'Filesystem or Block.', 1)],
  afterAgeCells: (obj: KubeObject) => [obj.spec?.volumeMode ?? '<unset>'],
};

function phaseOf(obj: KubeObject): string {
  return obj.metadata.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? '');
}

export const pvcPrinter = kindPrinter({
  columns: [
    col('Status', 'string', 'Claim phase.'),
    col('Volume', 'string', 'Bound PersistentVolume.'),
    col('Capacity', 'string', 'Capacity of the bound volume.'),
    col('Access Modes', 'string', 'Access modes of the bound volume.'),
    ...classColumns('pvc'),
  ],
  cells: (pvc) => {
    const volumeName: string = pvc.spec?.volumeName ?? '';
    const bound = volumeName !== '';
    return [
      phaseOf(pvc),
      volumeName,
      bound ? (pvc.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      ...classCells(pvc),
    ];
  },
  ...volumeMode,
});

export const pvPrinter = kindPrinter({
  columns: [
    col('Capacity', 'string', 'Storage capacity.'),
    col('Access Modes', 'string', 'Access modes.'),
    col('Reclaim Policy', 'string', 'What happens to the volume when released.'),
    col('Status', 'string', 'Volume phase.'),
    col('Claim', 'string', 'Bound claim (namespace/name).'),
    ...classColumns('pv'),
    col('Reason', 'string', 'Reason for a failed phase.'),
  ],
  cells: (pv) => {
    const ref = pv.spec?.claimRef;
    return [
      pv.spec?.capacity?.storage ?? '0',
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phaseOf(pv),
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      ...classCells(pv),
      pv.status?.reason ?? '',
    ];
  },
  ...volumeMode,
});

export function isDefaultStorageClass(sc: KubeObject): boolean {
  const ann = sc.metadata.annotations ?? {};
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => ann[a] === 'true');
}

export const storageClassPrinter = kindPrinter({
  columns: [
    col('Provisioner', 'string', 'Volume plugin that provisions volumes.'),
    col('ReclaimPolicy', 'string', 'Reclaim policy of provisioned volumes.'),
    col('VolumeBindingMode', 'string', 'When volumes are bound and provisioned.'),
    col('AllowVolumeExpansion', 'string', 'Whether claims may be expanded.'),
  ],
  name: (sc) => (isDefaultStorageClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name),
  cells: (sc) => [sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion ?? false],
});
