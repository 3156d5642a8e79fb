// The IPClaim object (network.ordinal.dev/v1alpha1): one per sticky StatefulSet pod, named after
// the pod, holding the pod's address across pod deletions, node moves and scale-down/up. This file
// builds claims and decides, purely, when a claim must be deleted under its release policy.

import type { KubeObject, OwnerReference } from '../../apimachinery/types.js';
import { isOrdinalWanted, type ReleasePolicy } from './policy.js';

export const IPCLAIM_API_VERSION = 'network.ordinal.dev/v1alpha1';
/** Label on every claim: the StatefulSet it belongs to (claims of one set are listed by it). */
export const CLAIM_SET_LABEL = 'network.ordinal.dev/statefulset';

export interface SetRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export interface IPClaim extends KubeObject {
  spec: { ip: string; statefulSet: SetRef; ordinal: number; releasePolicy: string };
  status?: {
    podName?: string;
    podUID?: string;
    ip?: string;
    nodeName?: string;
    phase?: 'Bound' | 'Released';
    /** When the pod last went away; release-by-duration counts from here. */
    releasedAt?: string;
  };
}

export function setRefOf(set: KubeObject): SetRef {
  return { apiVersion: set.apiVersion ?? 'apps/v1', kind: set.kind ?? 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid! };
}

/** GC owner reference: the claim goes with the set, except under policy Never. */
export function claimOwnerRefs(set: KubeObject, policy: ReleasePolicy): OwnerReference[] | undefined {
  if (policy.kind === 'Never') return undefined;
  const r = setRefOf(set);
  return [{ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, controller: true, blockOwnerDeletion: false }];
}

export interface NewClaimArgs {
  podName: string;
  namespace: string;
  set: KubeObject;
  ordinal: number;
  ip: string;
  policy: ReleasePolicy;
  policyText: string;
}

export function buildClaim(a: NewClaimArgs): IPClaim {
  const owners = claimOwnerRefs(a.set, a.policy);
  return {
    apiVersion: IPCLAIM_API_VERSION,
    kind: 'IPClaim',
    metadata: {
      name: a.podName,
      namespace: a.namespace,
      labels: { [CLAIM_SET_LABEL]: a.set.metadata.name! },
      ...(owners ? { ownerReferences: owners } : {}),
    },
    spec: { ip: a.ip, statefulSet: setRefOf(a.set), ordinal: a.ordinal, releasePolicy: a.policyText },
  };
}

export type ReleaseDecision = { action: 'keep' } | { action: 'delete'; reason: string } | { action: 'requeue'; afterMs: number };

export interface ReleaseInput {
  claim: IPClaim;
  policy: ReleasePolicy;
  /** The owning set if it exists with the claim's UID (a recreated set with the same name counts only if the allocator re-adopted the claim). */
  set: KubeObject | undefined;
  /** A live (not terminated) pod named like the claim exists. */
  podAlive: boolean;
  now: number;
}

/** What the IPClaim controller does with one claim. */
export function decideRelease(i: ReleaseInput): ReleaseDecision {
  const { claim, policy, set } = i;
  if (policy.kind === 'Never') return { action: 'keep' };
  if (!set) return { action: 'delete', reason: `StatefulSet ${claim.spec.statefulSet.name} is gone` };
  if (i.podAlive) return { action: 'keep' };
  if (policy.kind === 'OnScaleDown' && !isOrdinalWanted(set, claim.spec.ordinal)) {
    return { action: 'delete', reason: `ordinal ${claim.spec.ordinal} was scaled down` };
  }
  if (policy.kind === 'After') {
    const since = Date.parse(claim.status?.releasedAt ?? '');
    if (Number.isNaN(since)) return { action: 'requeue', afterMs: Math.max(policy.ms, 1000) };
    const left = since + policy.ms - i.now;
    return left <= 0 ? { action: 'delete', reason: `released for ${policy.text}` } : { action: 'requeue', afterMs: left };
  }
  return { action: 'keep' };
}
