// Writes StatefulSet status through PUT .../status, retrying on 409 Conflict with a fresh GET
// (k8s stateful_set_status_updater.go). Any other error is returned: the sync is retried with
// rate-limiting by the work queue.

import { isConflict } from '../../apimachinery/errors.js';
import type { ApiClient } from '../../client/api-client.js';
import type { StatefulSet, StatefulSetStatus } from './types.js';

export interface StatusUpdater {
  updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void>;
}

export class ApiStatusUpdater implements StatusUpdater {
  constructor(
    private readonly client: ApiClient,
    private readonly ref: { group: string; version: string; resource: string },
    private readonly retries = 5,
  ) {}

  async updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    let cur = structuredClone(set) as StatefulSet;
    const ref = { ...this.ref, namespace: set.metadata.namespace, name: set.metadata.name, subresource: 'status' };
    for (let attempt = 0; ; attempt++) {
      cur.status = { ...(cur.status ?? {}), ...status };
      try {
        await this.client.update(ref, cur);
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= this.retries) throw e;
        cur = await this.client.get<StatefulSet>({ ...ref, subresource: undefined });
      }
    }
  }
}
