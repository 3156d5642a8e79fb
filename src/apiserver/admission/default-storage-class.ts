// The DefaultStorageClass admission plugin: a new PersistentVolumeClaim that names no class gets the
// cluster's default StorageClass (annotation storageclass.kubernetes.io/is-default-class=true; the
// newest one if several). An explicit "" means "no class" and is left alone.

import type { KubeObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin, RestContext } from '../rest/context.js';

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function defaultStorageClass(ctx: RestContext): string | undefined {
  const defaults = ctx.store
    .list('storage.k8s.io/storageclasses')
    .map((o) => o.obj as KubeObject)
    .filter((sc) => sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
    .sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? 1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? -1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
  return defaults[0]?.metadata.name;
}

export function defaultStorageClassAdmission(): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    admit(a: AdmissionAttributes, ctx: RestContext): void {
      if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.plural !== 'persistentvolumeclaims') return;
      const spec = (a.object.spec ??= {});
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      const name = defaultStorageClass(ctx);
      if (name) spec.storageClassName = name;
    },
  };
}
