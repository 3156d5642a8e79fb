// Public entry of the volume controllers: the PV binder, Ordinal's provisioner for the `standard`
// (local-path) and `shared` classes, the protection finalizers and expansion.

export { startVolumeControllers, type VolumeControllerOptions } from './controllers.js';
export { ensureDefaultStorageClasses, BUILTIN_STORAGE_CLASSES } from './storage-classes.js';
export { volumeDir, volumesRoot } from './volume-dirs.js';
