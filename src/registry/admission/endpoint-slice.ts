// EndpointSlice (discovery.k8s.io/v1) strategy: ValidateEndpointSlice[Create|Update] — addressType
// is required and immutable, every endpoint has 1..100 addresses of that type, ports are checked.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateImmutableField, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isIPv4, isIPv6, isValidPortNum, nameIsDNSSubdomain } from './name-rules.js';
import { carryOverMeta, fp } from './util.js';

type Obj = Record<string, any>;

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ADDRESSES = 100;
const MAX_ENDPOINTS = 1000;
const MAX_PORTS = 20000;

export function defaultEndpointSlice(es: KubeObject): void {
  for (const p of es.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.name === undefined) p.name = '';
  }
}

function validateAddress(addr: string, type: string, path: string): FieldError[] {
  if (type === 'IPv4' && !isIPv4(addr)) return [fieldErr.invalid(path, addr, 'must be a valid IPv4 address')];
  if (type === 'IPv6' && !isIPv6(addr)) return [fieldErr.invalid(path, addr, 'must be a valid IPv6 address')];
  if (type === 'FQDN') return isDNS1123Subdomain(addr).map((m) => fieldErr.invalid(path, addr, m));
  return [];
}

function validateEndpoint(ep: Obj, type: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ap = fp.child(path, 'addresses');
  const addrs: string[] = ep.addresses ?? [];
  if (addrs.length === 0) errs.push(fieldErr.required(ap, 'must contain at least 1 address'));
  else if (addrs.length > MAX_ADDRESSES) errs.push({ type: 'FieldValueTooMany', field: ap, badValue: addrs.length, detail: `${addrs.length}: must have at most ${MAX_ADDRESSES} items` });
  else addrs.forEach((a, i) => errs.push(...validateAddress(a, type, fp.index(ap, i))));
  if (ep.nodeName) isDNS1123Subdomain(ep.nodeName).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'nodeName'), ep.nodeName, m)));
  if (ep.hostname) isDNS1123Label(ep.hostname).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'hostname'), ep.hostname, m)));
  if (ep.deprecatedTopology) errs.push(...validateLabels(ep.deprecatedTopology, fp.child(path, 'deprecatedTopology')));
  return errs;
}

function validatePorts(ports: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  if (ports.length > MAX_PORTS) errs.push({ type: 'FieldValueTooMany', field: 'ports', badValue: ports.length, detail: `${ports.length}: must have at most ${MAX_PORTS} items` });
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const ip = fp.index('ports', i);
    const name = p.name ?? '';
    if (name) isDNS1123Label(name).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'name'), name, m)));
    if (names.has(name)) errs.push(fieldErr.duplicate(fp.child(ip, 'name'), name));
    names.add(name);
    if (p.port !== undefined && p.port !== null) isValidPortNum(p.port).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'port'), p.port, m)));
    if (!p.protocol) errs.push(fieldErr.required(fp.child(ip, 'protocol')));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported(fp.child(ip, 'protocol'), p.protocol, PROTOCOLS));
  });
  return errs;
}

export function validateEndpointSlice(es: KubeObject): FieldError[] {
  const errs = validateObjectMeta(es.metadata, true, nameIsDNSSubdomain);
  const type = es.addressType ?? '';
  if (!ADDRESS_TYPES.includes(type)) errs.push(fieldErr.notSupported('addressType', type, ADDRESS_TYPES));
  const eps: Obj[] = es.endpoints ?? [];
  if (eps.length > MAX_ENDPOINTS) errs.push({ type: 'FieldValueTooMany', field: 'endpoints', badValue: eps.length, detail: `${eps.length}: must have at most ${MAX_ENDPOINTS} items` });
  eps.forEach((ep, i) => errs.push(...validateEndpoint(ep, type, fp.index('endpoints', i))));
  errs.push(...validatePorts(es.ports ?? []));
  return errs;
}

export function validateEndpointSliceUpdate(es: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(es.metadata, old.metadata),
    ...validateEndpointSlice(es).filter((e) => !e.field.startsWith('metadata.')),
    ...validateImmutableField(es.addressType, old.addressType, 'addressType'),
  ];
}

export const endpointSliceStrategy: Strategy = {
  defaults: defaultEndpointSlice,
  prepareForUpdate: carryOverMeta,
  validateCreate: validateEndpointSlice,
  validateUpdate: validateEndpointSliceUpdate,
};
