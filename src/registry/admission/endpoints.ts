// Endpoints strategy (ValidateEndpoints[Update]): every subset needs addresses, addresses need IPs,
// ports are validated like Service ports (names required when there is more than one).

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1123Label, isIP, isValidPortNum, nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta, fp } from './util.js';

type Obj = Record<string, any>;

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IP_MSG = 'must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)';

export function defaultEndpoints(ep: KubeObject): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
}

function validateAddress(a: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!a.ip || !isIP(a.ip)) errs.push(fieldErr.invalid(fp.child(path, 'ip'), a.ip ?? '', IP_MSG));
  if (a.hostname) isDNS1123Label(a.hostname).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'hostname'), a.hostname, m)));
  return errs;
}

function validatePort(p: Obj, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(fieldErr.required(fp.child(path, 'name')));
  else if (p.name) isDNS1123Label(p.name).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'name'), p.name, m)));
  isValidPortNum(p.port).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'port'), p.port ?? 0, m)));
  if (!p.protocol) errs.push(fieldErr.required(fp.child(path, 'protocol')));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported(fp.child(path, 'protocol'), p.protocol, PROTOCOLS));
  return errs;
}

function validateSubset(ss: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const addrs: Obj[] = ss.addresses ?? [];
  const notReady: Obj[] = ss.notReadyAddresses ?? [];
  if (addrs.length === 0 && notReady.length === 0) errs.push(fieldErr.required(path, 'must specify `addresses` or `notReadyAddresses`'));
  addrs.forEach((a, i) => errs.push(...validateAddress(a, fp.index(fp.child(path, 'addresses'), i))));
  notReady.forEach((a, i) => errs.push(...validateAddress(a, fp.index(fp.child(path, 'notReadyAddresses'), i))));
  const ports: Obj[] = ss.ports ?? [];
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, fp.index(fp.child(path, 'ports'), i))));
  return errs;
}

export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  (ep.subsets ?? []).forEach((ss: Obj, i: number) => errs.push(...validateSubset(ss, fp.index('subsets', i))));
  return errs;
}

export const endpointsStrategy: Strategy = {
  defaults: defaultEndpoints,
  prepareForUpdate: carryOverMeta,
  validateCreate: validateEndpoints,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEndpoints(obj).filter((e) => !e.field.startsWith('metadata.'))],
};
