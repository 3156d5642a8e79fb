// VolumeBinding: the pod's PersistentVolumeClaims must exist; unbound claims of Immediate classes
// block scheduling until the PV controller binds them; bound PVs' nodeAffinity must match the
// node; unbound WaitForFirstConsumer claims need a matching available PV on the node or a
// provisioner allowed there. After a node is chosen, `volumeBindingActions` says what to write
// (the selected-node annotation for provisioning, a claimRef for a static PV) before binding.

import type { KubeObject } from '../../apimachinery/types.js';
import type { NodeInfo } from '../framework/node-info.js';
import { intValue } from '../framework/quantity.js';
import { nodeSelectorMatches } from '../framework/selectors.js';
import type { CycleContext, Plugin, PreFilterResult, Status } from '../framework/types.js';
import { unresolvable } from '../framework/types.js';

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const KEY = 'VolumeBinding';

interface Claims {
  bound: KubeObject[];
  delayed: Array<{ pvc: KubeObject; sc: KubeObject }>;
}

export type VolumeAction =
  | { kind: 'select-node'; pvc: KubeObject; node: string }
  | { kind: 'bind-pv'; pvc: KubeObject; pv: KubeObject };

function claimNames(ctx: CycleContext): Array<{ name: string; ephemeral: boolean }> {
  const out: Array<{ name: string; ephemeral: boolean }> = [];
  for (const v of ctx.pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${ctx.pod.metadata.name}-${v.name}`, ephemeral: true });
  }
  return out;
}

const className = (pvc: KubeObject): string =>
  pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';

function classify(ctx: CycleContext): { claims?: Claims; status?: Status } {
  const claims: Claims = { bound: [], delayed: [] };
  let immediate = false;
  for (const { name, ephemeral } of claimNames(ctx)) {
    const pvc = ctx.listers.pvc(ctx.pod.metadata.namespace ?? 'default', name);
    if (!pvc) {
      const msg = ephemeral
        ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`
        : `persistentvolumeclaim "${name}" not found`;
      return { status: unresolvable(msg) };
    }
    if (pvc.status?.phase === 'Lost') {
      return { status: unresolvable(`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`) };
    }
    if (pvc.metadata.deletionTimestamp) return { status: unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
    if (pvc.spec?.volumeName) {
      claims.bound.push(pvc);
      continue;
    }
    const cls = className(pvc);
    const sc = cls ? ctx.listers.storageClass(cls) : undefined;
    if (cls && !sc) return { status: { code: 'Error', reasons: [`storageclass.storage.k8s.io "${cls}" not found`] } };
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') claims.delayed.push({ pvc, sc });
    else immediate = true;
  }
  if (immediate) return { status: unresolvable(ERR_UNBOUND_IMMEDIATE) };
  return { claims };
}

function pvFits(pv: KubeObject, pvc: KubeObject, node: NodeInfo): boolean {
  if (pv.metadata.deletionTimestamp || (pv.spec?.storageClassName ?? '') !== className(pvc)) return false;
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name)) return false;
  if (pv.status?.phase && pv.status.phase !== 'Available' && !ref) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  const want = intValue(pvc.spec?.resources?.requests?.storage);
  if (intValue(pv.spec?.capacity?.storage) < want) return false;
  const modes: string[] = pv.spec?.accessModes ?? [];
  if (!(pvc.spec?.accessModes ?? []).every((m: string) => modes.includes(m))) return false;
  return pvNodeAffinityOk(pv, node);
}

function pvNodeAffinityOk(pv: KubeObject, node: NodeInfo): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || nodeSelectorMatches(terms, node.node);
}

/** The smallest available PV that fits the claim on this node, as the PV controller would pick. */
function findStaticPV(ctx: CycleContext, pvc: KubeObject, node: NodeInfo, taken: Set<string>): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const pv of ctx.listers.pvs()) {
    if (taken.has(pv.metadata.name as string) || !pvFits(pv, pvc, node)) continue;
    if (!best || intValue(pv.spec?.capacity?.storage) < intValue(best.spec?.capacity?.storage)) best = pv;
  }
  return best;
}

function topologyAllowed(sc: KubeObject, node: NodeInfo): boolean {
  const terms: any[] = sc.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchLabelExpressions ?? []).every((e: any) => (e.values ?? []).includes(node.labels[e.key])),
  );
}

interface NodeDecision {
  reasons: string[];
  actions: VolumeAction[];
}

function decide(ctx: CycleContext, claims: Claims, node: NodeInfo): NodeDecision {
  const reasons = new Set<string>();
  const actions: VolumeAction[] = [];
  for (const pvc of claims.bound) {
    const pv = ctx.listers.pv(pvc.spec.volumeName);
    if (!pv) reasons.add(ERR_REASON_PV_NOT_EXIST);
    else if (!pvNodeAffinityOk(pv, node)) reasons.add(ERR_REASON_NODE_CONFLICT);
  }
  const taken = new Set<string>();
  for (const { pvc, sc } of claims.delayed) {
    const selected = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
    const pv = findStaticPV(ctx, pvc, node, taken);
    if (pv) {
      taken.add(pv.metadata.name as string);
      actions.push({ kind: 'bind-pv', pvc, pv });
    } else if (sc.provisioner === NO_PROVISIONER || (selected && selected !== node.name) || !topologyAllowed(sc, node)) {
      reasons.add(ERR_REASON_BIND_CONFLICT);
    } else if (selected !== node.name) {
      actions.push({ kind: 'select-node', pvc, node: node.name });
    }
  }
  return { reasons: [...reasons], actions };
}

export const volumeBinding: Plugin = {
  name: KEY,
  preFilter(ctx): PreFilterResult {
    if (claimNames(ctx).length === 0) return { skip: true };
    const { claims, status } = classify(ctx);
    if (status) return { status };
    ctx.state.set(KEY, claims);
    return {};
  },
  filter(ctx, node) {
    const d = decide(ctx, ctx.state.get(KEY) as Claims, node);
    return d.reasons.length > 0 ? unresolvable(...d.reasons) : null;
  },
};

/** What must be written before binding the pod to `node` (empty when all claims are bound). */
export function volumeBindingActions(ctx: CycleContext, node: NodeInfo): VolumeAction[] {
  const claims = ctx.state.get(KEY) as Claims | undefined;
  return claims ? decide(ctx, claims, node).actions : [];
}
