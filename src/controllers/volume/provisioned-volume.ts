// The PersistentVolume a provisioner creates for a claim (what local-path-provisioner and
// nfs-subdir-external-provisioner build): named pvc-<claim uid>, sized as requested, pre-bound to
// the claim by uid, a hostPath directory, and for node-local classes a required node affinity on
// kubernetes.io/hostname so the scheduler keeps every consumer on that node.

import type { KubeObject } from '../../apimachinery/types.js';
import { ANN_PROVISIONED_BY, HOSTNAME_LABEL, LOCAL_PATH_PROVISIONER } from './constants.js';
import type { StorageClass } from './storage-classes.js';

export const provisionedVolumeName = (pvc: KubeObject): string => `pvc-${pvc.metadata.uid}`;

export interface ProvisionRequest {
  claim: KubeObject;
  sc: StorageClass;
  /** The node chosen by the scheduler (WaitForFirstConsumer); required for node-local classes. */
  node?: string;
  path: string;
}

/** Why the class's provisioner cannot serve the claim, if it cannot. */
export function provisionRefusal(req: Omit<ProvisionRequest, 'path'>): string | undefined {
  if (req.sc.provisioner !== LOCAL_PATH_PROVISIONER) return undefined;
  const modes: string[] = req.claim.spec?.accessModes ?? [];
  if (modes.some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) return 'NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes';
  if (req.claim.spec?.volumeMode === 'Block') return 'Block volume mode is not supported';
  if (!req.node) return 'configuration error, no node was specified';
  return undefined;
}

export function buildProvisionedVolume(req: ProvisionRequest): KubeObject {
  const { claim, sc, node, path } = req;
  const spec: Record<string, unknown> = {
    capacity: { storage: claim.spec.resources.requests.storage },
    accessModes: structuredClone(claim.spec.accessModes),
    persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    storageClassName: sc.metadata.name,
    volumeMode: claim.spec.volumeMode ?? 'Filesystem',
    claimRef: {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata.namespace,
      name: claim.metadata.name,
      uid: claim.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: claim.metadata.resourceVersion,
    },
    hostPath: { path, type: 'DirectoryOrCreate' },
  };
  if (sc.mountOptions?.length) spec.mountOptions = [...sc.mountOptions];
  if (sc.provisioner === LOCAL_PATH_PROVISIONER && node) {
    spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node] }] }] } };
  }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: provisionedVolumeName(claim), annotations: { [ANN_PROVISIONED_BY]: sc.provisioner } },
    spec,
  };
}
