// Node strategy (core v1 node defaults, ValidateNode[Update], pkg/registry/core/node/strategy.go):
// nodes may be created with status; podCIDRs and providerID may be set once; taints are checked.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isLabelValue, isQualifiedName, nameIsDNSSubdomain } from './name-rules.js';
import { validateTaintEffect } from './pod-validation.js';
import { clone, fp, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

const PODCIDR_MSG = 'node updates may not change podCIDR except from "" to valid';

export function defaultNode(node: KubeObject): void {
  const spec: Obj = (node.spec ??= {});
  // podCIDR is the first of podCIDRs; v1 keeps both fields in step.
  if (spec.podCIDR && !(spec.podCIDRs?.length)) spec.podCIDRs = [spec.podCIDR];
  if (!spec.podCIDR && spec.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0];
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = clone(status.capacity);
}

function validateTaints(taints: Obj[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const ip = fp.index('spec.taints', i);
    isQualifiedName(t.key ?? '').forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'key'), t.key ?? '', m)));
    if (t.value) isLabelValue(t.value).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'value'), t.value, m)));
    errs.push(...validateTaintEffect(t.effect, false, fp.child(ip, 'effect')));
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) errs.push(fieldErr.duplicate(ip, t));
    seen.add(key);
  });
  return errs;
}

export function validateNode(node: KubeObject): FieldError[] {
  const spec: Obj = node.spec ?? {};
  const errs = [...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain), ...validateTaints(spec.taints)];
  if ((spec.podCIDRs?.length ?? 0) > 2) errs.push(fieldErr.invalid('spec.podCIDRs', spec.podCIDRs, 'may specify no more than one CIDR for each IP family'));
  (spec.podCIDRs ?? []).forEach((c: string, i: number) => {
    if (!/^[0-9a-fA-F.:]+\/\d{1,3}$/.test(c)) errs.push(fieldErr.invalid(fp.index('spec.podCIDRs', i), c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  return errs;
}

export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNode(node).filter((e) => !e.field.startsWith('metadata.'))];
  const oldCIDRs: string[] = old.spec?.podCIDRs ?? [];
  const newCIDRs: string[] = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldErr.forbidden('spec.podCIDRs', PODCIDR_MSG));
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(fieldErr.forbidden('spec.podCIDRs', PODCIDR_MSG)));
  }
  const oldPID = old.spec?.providerID;
  if (oldPID && oldPID !== node.spec?.providerID) errs.push(fieldErr.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  return errs;
}

export const nodeStrategy: Strategy = {
  defaults: defaultNode,
  prepareForUpdate: keepStatusOnUpdate,
  prepareForStatusUpdate: keepSpecOnStatusUpdate,
  validateCreate: validateNode,
  validateUpdate: validateNodeUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
