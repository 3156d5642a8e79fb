// Where provisioned volumes live on disk: one directory per PV under `<dataDir>/volumes`, as
// local-path-provisioner keeps one directory per volume under its node path. Removal refuses any
// path outside that root, so a hand-made PV pointing at /home can never be wiped by a reclaim.

import { mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

export function volumesRoot(dataDir: string): string {
  return resolve(dataDir, 'volumes');
}

export function volumeDir(dataDir: string, pvName: string): string {
  return join(volumesRoot(dataDir), pvName);
}

/** True when `path` is strictly inside `<dataDir>/volumes`. */
export function isManagedPath(dataDir: string, path: string): boolean {
  const rel = relative(volumesRoot(dataDir), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export async function createVolumeDir(dataDir: string, pvName: string): Promise<string> {
  const dir = volumeDir(dataDir, pvName);
  await mkdir(dir, { recursive: true, mode: 0o777 });
  return dir;
}

/** Removes a managed volume directory (absent is fine); throws for paths outside the root. */
export async function removeVolumeDir(dataDir: string, path: string): Promise<void> {
  if (!isManagedPath(dataDir, path)) throw new Error(`refusing to remove ${path}: not under ${volumesRoot(dataDir)}`);
  await rm(path, { recursive: true, force: true });
}
