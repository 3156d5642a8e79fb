// The IPClaim controller: applies each claim's release policy. It marks a claim Released (with
// releasedAt) when its pod is gone, and deletes it when decideRelease() says so: the StatefulSet is
// gone (policy OnStatefulSetDelete/OnScaleDown/duration; the garbage collector does the same through
// the owner reference), its ordinal was scaled away (OnScaleDown), or it has been released for
// longer than the duration. Deleting the claim is what frees the address for the allocator.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { splitApiVersion } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder, Informer, Reconciler, Result } from '../../controller/contracts.js';
import { patchClaimStatus } from '../../network/ipam/claim-status.js';
import { decideRelease, type IPClaim } from './claim.js';
import { parseReleasePolicy, type ReleasePolicy } from './policy.js';

export interface IpClaimReconcilerDeps {
  client: ApiClient;
  claims: Informer<IPClaim>;
  pods: Informer;
  now?: () => number;
  recorder?: EventRecorder;
}

/** Re-check released claims this often even without events (scale-down of sets we do not watch). */
export const RESYNC_MS = 30_000;

export class IpClaimReconciler implements Reconciler {
  constructor(private readonly d: IpClaimReconcilerDeps) {}

  async reconcile(key: string): Promise<Result | void> {
    let claim = this.d.claims.get(key);
    if (!claim || claim.metadata.deletionTimestamp) return;
    const now = (this.d.now ?? Date.now)();
    const parsed = parseReleasePolicy(claim.spec?.releasePolicy ?? 'OnStatefulSetDelete');
    const policy: ReleasePolicy = 'policy' in parsed ? parsed.policy : { kind: 'OnStatefulSetDelete' };
    const pod = this.d.pods.get(key);
    const podAlive = !!pod && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
    if (!podAlive && claim.status?.phase !== 'Released') {
      claim = await patchClaimStatus(this.d.client, claim, { phase: 'Released', releasedAt: new Date(now).toISOString() });
    }
    const set = await this.owningSet(claim);
    const decision = decideRelease({ claim, policy, set, podAlive, now });
    if (decision.action === 'requeue') return { requeueAfterMs: decision.afterMs };
    if (decision.action === 'keep') return podAlive ? undefined : { requeueAfterMs: RESYNC_MS };
    await this.deleteClaim(claim, decision.reason);
  }

  private async owningSet(claim: IPClaim): Promise<KubeObject | undefined> {
    const ref = claim.spec?.statefulSet;
    if (!ref?.name) return undefined;
    const { group, version } = splitApiVersion(ref.apiVersion);
    try {
      const set = await this.d.client.get(at({ group, version, resource: 'statefulsets' }, claim.metadata.namespace, ref.name));
      return set.metadata.uid === ref.uid && !set.metadata.deletionTimestamp ? set : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async deleteClaim(claim: IPClaim, reason: string): Promise<void> {
    try {
      await this.d.client.delete(at(R.ipclaims, claim.metadata.namespace, claim.metadata.name), { preconditions: { uid: claim.metadata.uid } });
      this.d.recorder?.event(claim, 'Normal', 'IPReleased', `Released IP ${claim.spec.ip}: ${reason}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
