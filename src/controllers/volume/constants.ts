// Names the volume controllers share with upstream Kubernetes: the annotations the PV controller,
// the scheduler and external provisioners write, the protection finalizers, event reasons, and
// Ordinal's two provisioners. Kept in one place so every file spells them the same way.

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

export const LOCAL_PATH_PROVISIONER = 'ordinal.dev/local-path';
export const SHARED_PROVISIONER = 'ordinal.dev/shared';
export const OUR_PROVISIONERS = [LOCAL_PATH_PROVISIONER, SHARED_PROVISIONER];
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Event reasons as pkg/controller/volume/events and the external provisioner/resizer emit them. */
export const Reason = {
  FailedBinding: 'FailedBinding',
  VolumeMismatch: 'VolumeMismatch',
  ClaimLost: 'ClaimLost',
  ClaimMisbound: 'ClaimMisbound',
  WaitForFirstConsumer: 'WaitForFirstConsumer',
  ExternalProvisioning: 'ExternalProvisioning',
  Provisioning: 'Provisioning',
  ProvisioningSucceeded: 'ProvisioningSucceeded',
  ProvisioningFailed: 'ProvisioningFailed',
  VolumeFailedDelete: 'VolumeFailedDelete',
  Resizing: 'Resizing',
  VolumeResizeSuccessful: 'VolumeResizeSuccessful',
  VolumeResizeFailed: 'VolumeResizeFailed',
} as const;
