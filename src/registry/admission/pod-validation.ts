// PodSpec validation (k/k pkg/apis/core/validation ValidatePodSpec and the container, volume,
// port, probe, resource and toleration checks under it). Used for Pods and for pod templates.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import { validateLabels } from './object-meta.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  isLabelValue,
} from './name-rules.js';
import { volumeSourcesOf } from './pod-defaults.js';
import { parseQuantity } from './quantity.js';
import { fp, isInt } from './util.js';

type Obj = Record<string, any>;

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const OVERCOMMIT_FORBIDDEN_PREFIX = 'hugepages-';

function dns1123Label(v: string, path: string): FieldError[] {
  return isDNS1123Label(v).map((m) => fieldErr.invalid(path, v, m));
}

function nonNegative(v: unknown, path: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

export function validateContainerPorts(ports: Obj[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const ip = fp.index(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      msgs.forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'name'), port.name, m)));
      if (!msgs.length && names.has(port.name)) errs.push(fieldErr.duplicate(fp.child(ip, 'name'), port.name));
      names.add(port.name);
    }
    if (!port.containerPort) errs.push(fieldErr.required(fp.child(ip, 'containerPort')));
    else isValidPortNum(port.containerPort).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'containerPort'), port.containerPort, m)));
    if (port.hostPort) isValidPortNum(port.hostPort).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'hostPort'), port.hostPort, m)));
    if (!port.protocol) errs.push(fieldErr.required(fp.child(ip, 'protocol')));
    else if (!PORT_PROTOCOLS.includes(port.protocol)) errs.push(fieldErr.notSupported(fp.child(ip, 'protocol'), port.protocol, PORT_PROTOCOLS));
  });
  return errs;
}

function validateResourceList(list: Obj | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries(list ?? {})) {
    const kp = fp.key(path, name);
    for (const m of isQualifiedName(name)) errs.push(fieldErr.invalid(kp, name, m));
    const n = parseQuantity(q);
    if (n === undefined) errs.push(fieldErr.invalid(kp, q, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''));
    else if (n < 0) errs.push(fieldErr.invalid(kp, String(q), 'must be greater than or equal to 0'));
  }
  return errs;
}

/** ValidateResourceRequirements: quantities well-formed, requests <= limits (== for hugepages). */
export function validateResources(res: Obj | undefined, path: string): FieldError[] {
  if (!res) return [];
  const reqPath = fp.child(path, 'requests');
  const errs = [...validateResourceList(res.limits, fp.child(path, 'limits')), ...validateResourceList(res.requests, reqPath)];
  for (const [name, q] of Object.entries(res.requests ?? {})) {
    const lim = res.limits?.[name];
    if (lim === undefined) continue;
    const rn = parseQuantity(q);
    const ln = parseQuantity(lim);
    if (rn === undefined || ln === undefined) continue;
    if (name.startsWith(OVERCOMMIT_FORBIDDEN_PREFIX) && rn !== ln)
      errs.push(fieldErr.invalid(reqPath, String(q), `must be equal to ${name} limit of ${String(lim)}`));
    else if (rn > ln) errs.push(fieldErr.invalid(reqPath, String(q), `must be less than or equal to ${name} limit of ${String(lim)}`));
  }
  return errs;
}

function validateVolumeMounts(mounts: Obj[] | undefined, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  (mounts ?? []).forEach((mnt, i) => {
    const ip = fp.index(path, i);
    if (!mnt.name) errs.push(fieldErr.required(fp.child(ip, 'name')));
    else if (!volumes.has(mnt.name)) errs.push(fieldErr.notFound(fp.child(ip, 'name'), mnt.name));
    if (!mnt.mountPath) errs.push(fieldErr.required(fp.child(ip, 'mountPath')));
    else if (points.has(mnt.mountPath)) errs.push(fieldErr.invalid(fp.child(ip, 'mountPath'), mnt.mountPath, 'must be unique'));
    if (mnt.mountPath) points.add(mnt.mountPath);
  });
  return errs;
}

function validateEnv(env: Obj[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const ip = fp.index(path, i);
    if (!ev.name) errs.push(fieldErr.required(fp.child(ip, 'name')));
    else isRelaxedEnvVarName(ev.name).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'name'), ev.name, m)));
    if (ev.valueFrom && ev.value) errs.push(fieldErr.invalid(fp.child(ip, 'valueFrom'), '', 'may not be specified when `value` is not empty'));
  });
  return errs;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbe(p: Obj | undefined, path: string, mustSucceedOnce: boolean): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  const handlers = HANDLERS.filter((h) => p[h] !== undefined && p[h] !== null);
  if (handlers.length === 0) errs.push(fieldErr.required(path, 'must specify a handler type'));
  else if (handlers.length > 1) errs.push(fieldErr.forbidden(fp.child(path, handlers[1]!), 'may not specify more than 1 handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...nonNegative(p[f], fp.child(path, f)));
  if (mustSucceedOnce && p.successThreshold !== undefined && p.successThreshold !== 1)
    errs.push(fieldErr.invalid(fp.child(path, 'successThreshold'), p.successThreshold, 'must be 1'));
  return errs;
}

function validateImageAndPolicies(c: Obj, ip: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.image) errs.push(fieldErr.required(fp.child(ip, 'image')));
  else if (String(c.image).trim() !== c.image) errs.push(fieldErr.invalid(fp.child(ip, 'image'), c.image, 'must not have leading or trailing whitespace'));
  if (!c.imagePullPolicy) errs.push(fieldErr.required(fp.child(ip, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(fieldErr.notSupported(fp.child(ip, 'imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(fieldErr.required(fp.child(ip, 'terminationMessagePolicy'), "must be 'File' or 'FallbackToLogsOnError'"));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(fieldErr.invalid(fp.child(ip, 'terminationMessagePolicy'), tmp, "must be 'File' or 'FallbackToLogsOnError'"));
  return errs;
}

interface ContainerCtx {
  volumes: Set<string>;
  names: Set<string>;
  init: boolean;
}

function validateContainer(c: Obj, ip: string, ctx: ContainerCtx): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErr.required(fp.child(ip, 'name')));
  else {
    errs.push(...dns1123Label(c.name, fp.child(ip, 'name')));
    if (ctx.names.has(c.name)) errs.push(fieldErr.duplicate(fp.child(ip, 'name'), c.name));
    ctx.names.add(c.name);
  }
  errs.push(...validateImageAndPolicies(c, ip));
  errs.push(...validateContainerPorts(c.ports, fp.child(ip, 'ports')));
  errs.push(...validateEnv(c.env, fp.child(ip, 'env')));
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx.volumes, fp.child(ip, 'volumeMounts')));
  errs.push(...validateResources(c.resources, fp.child(ip, 'resources')));
  const sidecar = ctx.init && c.restartPolicy === 'Always';
  if (ctx.init && !sidecar) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      if (c[probe]) errs.push(fieldErr.forbidden(fp.child(ip, probe), 'may not be set for init containers without restartPolicy=Always'));
  } else {
    errs.push(...validateProbe(c.livenessProbe, fp.child(ip, 'livenessProbe'), true));
    errs.push(...validateProbe(c.readinessProbe, fp.child(ip, 'readinessProbe'), false));
    errs.push(...validateProbe(c.startupProbe, fp.child(ip, 'startupProbe'), true));
  }
  if (c.restartPolicy !== undefined && !ctx.init) errs.push(fieldErr.forbidden(fp.child(ip, 'restartPolicy'), 'may not be set for non-init containers'));
  else if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') errs.push(fieldErr.notSupported(fp.child(ip, 'restartPolicy'), c.restartPolicy, ['Always']));
  return errs;
}

function validateContainers(spec: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.initContainers ?? []).forEach((c: Obj, i: number) =>
    errs.push(...validateContainer(c, fp.index(fp.child(path, 'initContainers'), i), { volumes, names, init: true })),
  );
  const containers: Obj[] = spec.containers ?? [];
  if (containers.length === 0) errs.push(fieldErr.required(fp.child(path, 'containers')));
  containers.forEach((c, i) => errs.push(...validateContainer(c, fp.index(fp.child(path, 'containers'), i), { volumes, names, init: false })));
  return errs;
}

/** ValidateVolumes; returns the errors and the set of declared names (volumeMounts refer to them). */
export function validateVolumes(volumes: Obj[] | undefined, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((v, i) => {
    const ip = fp.index(path, i);
    const np = fp.child(ip, 'name');
    if (!v.name) errs.push(fieldErr.required(np));
    else {
      const msgs = isDNS1123Label(v.name);
      msgs.forEach((m) => errs.push(fieldErr.invalid(np, v.name, m)));
      if (names.has(v.name)) errs.push(fieldErr.duplicate(np, v.name));
      if (!msgs.length) names.add(v.name);
    }
    const sources = volumeSourcesOf(v);
    if (sources.length === 0) errs.push(fieldErr.required(ip, 'must specify a volume type'));
    for (const extra of sources.slice(1)) errs.push(fieldErr.forbidden(fp.child(ip, extra), 'may not specify more than 1 volume type'));
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(fieldErr.required(fp.child(ip, 'persistentVolumeClaim', 'claimName')));
  });
  return { errs, names };
}

function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, path: string): FieldError[] {
  if (!effect) return allowEmpty ? [] : [fieldErr.required(path)];
  return TAINT_EFFECTS.includes(effect) ? [] : [fieldErr.notSupported(path, effect, TAINT_EFFECTS)];
}

export { validateTaintEffect };

function validateToleration(t: Obj, ip: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.key) isQualifiedName(t.key).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'key'), t.key, m)));
  if (!t.key && t.operator !== 'Exists')
    errs.push(fieldErr.invalid(fp.child(ip, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
    errs.push(fieldErr.invalid(fp.child(ip, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  if (!t.operator || t.operator === 'Equal') {
    isLabelValue(String(t.value ?? '')).forEach((m) => errs.push(fieldErr.invalid(fp.child(ip, 'operator'), t.value, m)));
  } else if (t.operator === 'Exists') {
    if (t.value) errs.push(fieldErr.invalid(fp.child(ip, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
  } else errs.push(fieldErr.notSupported(fp.child(ip, 'operator'), t.operator, ['Equal', 'Exists']));
  errs.push(...validateTaintEffect(t.effect, true, fp.child(ip, 'effect')));
  return errs;
}

export function validateTolerations(tols: Obj[] | undefined, path: string): FieldError[] {
  return (tols ?? []).flatMap((t, i) => validateToleration(t, fp.index(path, i)));
}

function validateEnumRequired(v: unknown, path: string, values: string[]): FieldError[] {
  if (v === undefined || v === null || v === '') return [fieldErr.required(path)];
  return values.includes(String(v)) ? [] : [fieldErr.notSupported(path, v, values)];
}

function validateSpecScalars(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateEnumRequired(spec.restartPolicy, fp.child(path, 'restartPolicy'), RESTART_POLICIES));
  errs.push(...validateEnumRequired(spec.dnsPolicy, fp.child(path, 'dnsPolicy'), DNS_POLICIES));
  if (spec.hostname) errs.push(...dns1123Label(spec.hostname, fp.child(path, 'hostname')));
  if (spec.subdomain) errs.push(...dns1123Label(spec.subdomain, fp.child(path, 'subdomain')));
  if (spec.nodeName) isDNS1123Subdomain(spec.nodeName).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'nodeName'), spec.nodeName, m)));
  if (spec.serviceAccountName)
    isDNS1123Subdomain(spec.serviceAccountName).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'serviceAccountName'), spec.serviceAccountName, m)));
  if (spec.schedulerName)
    isDNS1123Subdomain(spec.schedulerName).forEach((m) => errs.push(fieldErr.invalid(fp.child(path, 'schedulerName'), spec.schedulerName, m)));
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && (!isInt(ads) || ads < 1 || ads > 2147483647))
    errs.push(fieldErr.invalid(fp.child(path, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, 2147483647)));
  errs.push(...validateLabels(spec.nodeSelector, fp.child(path, 'nodeSelector')));
  if (spec.dnsPolicy === 'None' && !spec.dnsConfig)
    errs.push(fieldErr.required(fp.child(path, 'dnsConfig'), "must provide `dnsConfig` when `dnsPolicy` is None"));
  return errs;
}

function validateReadinessGates(gates: Obj[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (gates ?? []).forEach((g, i) => {
    const cp = fp.child(fp.index(path, i), 'conditionType');
    isQualifiedName(String(g.conditionType ?? '')).forEach((m) => errs.push(fieldErr.invalid(cp, String(g.conditionType ?? ''), m)));
  });
  return errs;
}

export interface PodSpecOptions {
  /** Extra names that count as volumes (a StatefulSet's volumeClaimTemplates). */
  extraVolumes?: string[];
}

/** ValidatePodSpec. `path` is `spec` for Pods and `spec.template.spec` for templates. */
export function validatePodSpec(spec: Obj | undefined, path: string, opts: PodSpecOptions = {}): FieldError[] {
  const s = spec ?? {};
  const vols = validateVolumes(s.volumes, fp.child(path, 'volumes'));
  for (const n of opts.extraVolumes ?? []) vols.names.add(n);
  return [
    ...vols.errs,
    ...validateContainers(s, path, vols.names),
    ...validateSpecScalars(s, path),
    ...validateTolerations(s.tolerations, fp.child(path, 'tolerations')),
    ...validateReadinessGates(s.readinessGates, fp.child(path, 'readinessGates')),
  ];
}
