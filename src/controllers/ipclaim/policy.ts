// Sticky-IP policy of a StatefulSet (apps/v1 or apps.kruise.io), read from annotations. Pure
// functions: which sets are sticky, when a claim may be released, which ordinals are live, and the
// ordered ip-pool. Both the allocator (at sandbox creation) and the IPClaim controller (release)
// decide from these, so they can never disagree.

import type { KubeObject } from '../../apimachinery/types.js';
import { expandAddressList } from '../../network/ipam/ipv4.js';

export const STICKY_IP = 'network.ordinal.dev/sticky-ip';
export const TKE_ENABLE_STATIC_IP = 'tke.cloud.tencent.com/enable-static-ip';
export const IP_RELEASE = 'network.ordinal.dev/ip-release';
export const TKE_CLAIM_DELETE_POLICY = 'tke.cloud.tencent.com/vpc-ip-claim-delete-policy';
export const IP_POOL = 'network.ordinal.dev/ip-pool';

export type ReleasePolicy =
  | { kind: 'Never' }
  | { kind: 'OnStatefulSetDelete' }
  | { kind: 'OnScaleDown' }
  /** The claim is deleted once its pod has been gone this long (TKE's claim expiry). */
  | { kind: 'After'; ms: number; text: string };

export function isStickySet(set: KubeObject): boolean {
  const a = set.metadata.annotations ?? {};
  return a[STICKY_IP] === 'true' || a[TKE_ENABLE_STATIC_IP] === 'true';
}

/** The policy's canonical text, as written into IPClaim spec.releasePolicy. */
export function policyText(p: ReleasePolicy): string {
  return p.kind === 'After' ? p.text : p.kind;
}

/**
 * The set's release policy. Ordinal's own annotation wins; otherwise TKE's pod-template annotation
 * maps Never → Never and Immediate → release as soon as the pod is gone (0s), which is what TKE does.
 */
export function releasePolicyOf(set: KubeObject): { policy: ReleasePolicy } | { error: string } {
  const own = set.metadata.annotations?.[IP_RELEASE];
  if (own !== undefined) return parseReleasePolicy(own);
  const tke = set.spec?.template?.metadata?.annotations?.[TKE_CLAIM_DELETE_POLICY];
  if (tke === 'Never') return { policy: { kind: 'Never' } };
  if (tke === 'Immediate') return { policy: { kind: 'After', ms: 0, text: '0s' } };
  if (tke !== undefined) return { error: `unsupported ${TKE_CLAIM_DELETE_POLICY} "${tke}": supported values: "Never", "Immediate"` };
  return { policy: { kind: 'OnStatefulSetDelete' } };
}

export function parseReleasePolicy(text: string): { policy: ReleasePolicy } | { error: string } {
  if (text === 'Never' || text === 'OnStatefulSetDelete' || text === 'OnScaleDown') return { policy: { kind: text } };
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    return { error: `unsupported ${IP_RELEASE} "${text}": supported values: "Never", "OnStatefulSetDelete", "OnScaleDown" or a duration such as "10m"` };
  }
  return { policy: { kind: 'After', ms, text } };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for non-negative values ("1h30m", "10m0s", "1.5h", "300ms", "0"). */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  return text.length > 0 ? Math.round(total) : undefined;
}

/** The set's ordered pool, or undefined when it has none. */
export function ipPoolOf(set: KubeObject): { ips: number[]; text: string } | { error: string } | undefined {
  const text = set.metadata.annotations?.[IP_POOL];
  if (text === undefined) return undefined;
  const r = expandAddressList(text);
  if ('error' in r) return { error: `invalid ${IP_POOL} "${text}": ${r.error}` };
  if (r.ips.length === 0) return { error: `invalid ${IP_POOL} "${text}": no addresses` };
  return { ips: r.ips, text };
}

/** Ordinal of a pod named `<set>-<n>`, or undefined. */
export function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

/**
 * Reserved ordinals of an Advanced StatefulSet: ints, or "a-b" ranges in newer Kruise versions.
 */
function reservedOrdinals(set: KubeObject): Set<number> {
  const out = new Set<number>();
  for (const r of (set.spec?.reserveOrdinals ?? []) as Array<number | string>) {
    if (typeof r === 'number') out.add(r);
    const m = typeof r === 'string' ? /^(\d+)(?:-(\d+))?$/.exec(r) : null;
    if (m) for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]); i++) out.add(i);
  }
  return out;
}

/**
 * Whether `ordinal` is inside the set's desired replica range: [start, start+replicas) for apps/v1,
 * skipping reserveOrdinals for the Advanced StatefulSet (whose pods are the first `replicas`
 * non-reserved ordinals from start).
 */
export function isOrdinalWanted(set: KubeObject, ordinal: number): boolean {
  const start: number = set.spec?.ordinals?.start ?? 0;
  const replicas: number = set.spec?.replicas ?? 1;
  const reserved = reservedOrdinals(set);
  if (ordinal < start || reserved.has(ordinal)) return false;
  let below = 0;
  for (let i = start; i < ordinal; i++) if (!reserved.has(i)) below++;
  return below < replicas;
}
