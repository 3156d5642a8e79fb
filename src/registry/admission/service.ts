// Service strategy (core v1 SetDefaults_Service, the registry's ip-family defaulting, and
// ValidateService / ValidateServiceUpdate). ClusterIP allocation itself belongs to IPAM, not here.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isIPv6, isValidPortName, isValidPortNum, nameIsDNS1035Label } from './name-rules.js';
import { clone, fp, keepStatusOnUpdate, keepSpecOnStatusUpdate } from './util.js';

type Obj = Record<string, any>;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

function isHeadless(spec: Obj): boolean {
  return spec.clusterIP === 'None';
}

function defaultPorts(spec: Obj): void {
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    // An unset (or zero) targetPort means "the same as port".
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
}

function defaultIPFamilies(spec: Obj): void {
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP && !(spec.clusterIPs?.length)) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
  if (!(spec.ipFamilies?.length)) {
    const first = (spec.clusterIPs ?? []).find((ip: string) => ip && ip !== 'None');
    spec.ipFamilies = [first && isIPv6(first) ? 'IPv6' : 'IPv4'];
  }
}

export function defaultService(svc: KubeObject): void {
  const spec: Obj = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'ClientIP' && !spec.sessionAffinityConfig?.clientIP?.timeoutSeconds)
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  if (!spec.type) spec.type = 'ClusterIP';
  defaultPorts(spec);
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type !== 'ExternalName' && !spec.internalTrafficPolicy) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  defaultIPFamilies(spec);
}

function validatePortNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return isValidPortNum(v).map((m) => fieldErr.invalid(path, v, m));
  if (typeof v === 'string') return isValidPortName(v).map((m) => fieldErr.invalid(path, v, m));
  return [fieldErr.invalid(path, v, 'must be an int or a string')];
}

function validateServicePort(p: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const np = fp.child(path, 'name');
  if (requireName && !p.name) errs.push(fieldErr.required(np));
  else if (p.name) {
    isDNS1123Label(p.name).forEach((m) => errs.push(fieldErr.invalid(np, p.name, m)));
    if (names.has(p.name)) errs.push(fieldErr.duplicate(np, p.name));
    names.add(p.name);
  }
  isValidPortNum(p.port).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'port'), p.port ?? 0, m)));
  if (!p.protocol) errs.push(fieldErr.required(fp.child(path, 'protocol')));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported(fp.child(path, 'protocol'), p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, fp.child(path, 'targetPort')));
  return errs;
}

function validatePorts(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ports: Obj[] = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(fieldErr.required('spec.ports'));
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const pp = fp.index('spec.ports', i);
    errs.push(...validateServicePort(p, ports.length > 1, names, pp));
    if (spec.type === 'ClusterIP' && p.nodePort) errs.push(fieldErr.forbidden(fp.child(pp, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    if (p.nodePort) isValidPortNum(p.nodePort).forEach((m) => errs.push(fieldErr.invalid(fp.child(pp, 'nodePort'), p.nodePort, m)));
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) errs.push(fieldErr.duplicate(pp, { port: p.port, protocol: p.protocol }));
    seen.add(key);
  });
  return errs;
}

function validateEnum(v: unknown, path: string, values: string[], required: boolean): FieldError[] {
  if (v === undefined || v === null || v === '') return required ? [fieldErr.required(path)] : [];
  return values.includes(String(v)) ? [] : [fieldErr.notSupported(path, v, values)];
}

function validateClusterIPs(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName') return errs;
  (spec.clusterIPs ?? []).forEach((ip: string, i: number) => {
    const path = fp.index('spec.clusterIPs', i);
    if (ip === 'None') {
      if (i > 0 || (spec.clusterIPs?.length ?? 0) > 1) errs.push(fieldErr.invalid(path, ip, "'None' must be the first and only value"));
    } else if (!isIP(ip)) errs.push(fieldErr.invalid(path, ip, 'must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (spec.clusterIP && spec.clusterIPs?.length && spec.clusterIP !== spec.clusterIPs[0])
    errs.push(fieldErr.invalid('spec.clusterIPs', spec.clusterIPs, 'first value must match `clusterIP`'));
  if (isHeadless(spec) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer'))
    errs.push(fieldErr.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  return errs;
}

function validateTypeSpecific(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errs.push(fieldErr.required('spec.externalName'));
    else isDNS1123Subdomain(String(spec.externalName).replace(/\.$/, '')).forEach((m) => errs.push(fieldErr.invalid('spec.externalName', spec.externalName, m)));
    if (spec.clusterIP) errs.push(fieldErr.forbidden('spec.clusterIP', 'may not be set for ExternalName services'));
  } else {
    errs.push(...validateEnum(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', TRAFFIC_POLICIES, true));
    errs.push(...validateEnum(spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', IP_FAMILY_POLICIES, false));
  }
  if (spec.externalTrafficPolicy && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')
    errs.push(fieldErr.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''));
  else errs.push(...validateEnum(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy', TRAFFIC_POLICIES, false));
  return errs;
}

export function validateService(svc: KubeObject): FieldError[] {
  const spec: Obj = svc.spec ?? {};
  return [
    ...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label),
    ...validatePorts(spec),
    ...validateEnum(spec.type, 'spec.type', SERVICE_TYPES, true),
    ...validateEnum(spec.sessionAffinity, 'spec.sessionAffinity', AFFINITIES, true),
    ...validateLabels(spec.selector, 'spec.selector'),
    ...validateClusterIPs(spec),
    ...validateTypeSpecific(spec),
  ];
}

/** Primary clusterIP and ipFamily may not change, except when switching to/from ExternalName. */
function validateClusterIPUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const oldIPs: string[] = oldSpec.clusterIPs ?? (oldSpec.clusterIP ? [oldSpec.clusterIP] : []);
  const newIPs: string[] = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  if (oldIPs.length && newIPs[0] !== oldIPs[0]) errs.push(fieldErr.invalid('spec.clusterIPs[0]', newIPs[0] ?? '', 'may not change once set'));
  if (oldIPs.length > 1 && newIPs.length > 1 && newIPs[1] !== oldIPs[1]) errs.push(fieldErr.invalid('spec.clusterIPs[1]', newIPs[1], 'may not change once set'));
  const of = oldSpec.ipFamilies ?? [];
  const nf = spec.ipFamilies ?? [];
  if (of.length && nf.length && of[0] !== nf[0]) errs.push(fieldErr.invalid('spec.ipFamilies[0]', nf[0], 'may not change once set'));
  return errs;
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateClusterIPUpdate(svc.spec ?? {}, old.spec ?? {}), ...validateService(svc).filter((e) => !e.field.startsWith('metadata.'))];
}

/** On update an omitted clusterIP keeps the allocated one (kubectl apply / replace drop it). */
function carryClusterIPs(spec: Obj, oldSpec: Obj): void {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return;
  if (!spec.clusterIP && !(spec.clusterIPs?.length) && oldSpec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = clone(oldSpec.clusterIPs);
  }
  if (!(spec.ipFamilies?.length) && oldSpec.ipFamilies) spec.ipFamilies = clone(oldSpec.ipFamilies);
  if (!spec.ipFamilyPolicy && oldSpec.ipFamilyPolicy) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
  // Allocated node ports are kept the same way, matched by port/protocol.
  for (const p of spec.ports ?? []) {
    const prev = (oldSpec.ports ?? []).find((o: Obj) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    if (prev?.nodePort && !p.nodePort && spec.type !== 'ClusterIP') p.nodePort = prev.nodePort;
  }
}

export const serviceStrategy: Strategy = {
  defaults: defaultService,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    keepStatusOnUpdate(obj, old);
    carryClusterIPs((obj.spec ??= {}), old.spec ?? {});
  },
  prepareForStatusUpdate: keepSpecOnStatusUpdate,
  validateCreate: validateService,
  validateUpdate: validateServiceUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
