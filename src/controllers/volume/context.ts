// What every volume controller works with: the API client, the shared caches (claims, volumes,
// classes, pods), an event recorder and the data directory holding the volumes' directories.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import type { SharedInformer } from '../../controller/informer.js';
import type { Logger } from '../../controller/logger.js';

export interface VolumeCaches {
  claims: SharedInformer<KubeObject>;
  volumes: SharedInformer<KubeObject>;
  classes: SharedInformer<KubeObject>;
  pods: SharedInformer<KubeObject>;
}

export interface VolumeContext extends VolumeCaches {
  client: ApiClient;
  log: Logger;
  /** `<dataDir>/volumes/<pv-name>` are the provisioned volumes. */
  dataDir: string;
}

/** The claims a pod references directly or through a generic ephemeral volume (`<pod>-<volume>`). */
export function claimNamesOfPod(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}

export function claimKeyOfRef(ref: { namespace?: string; name?: string }): string {
  return `${ref.namespace ?? ''}/${ref.name ?? ''}`;
}
