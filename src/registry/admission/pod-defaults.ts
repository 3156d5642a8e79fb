// Pod defaulting (k/k pkg/apis/core/v1/defaults.go SetDefaults_Pod / PodSpec / Container / Probe /
// Volume ...) plus what the admission plugins a stock kube-apiserver runs add to a new Pod
// (ServiceAccount, Priority, DefaultTolerationSeconds). `defaultPodSpec` is also used for pod
// templates (StatefulSet), which get the PodSpec defaults but not the Pod-only ones.

import { ensureObj } from './util.js';

type Obj = Record<string, any>;

/** parsers.ParseImageName's tag: "latest" when the reference carries neither tag nor digest. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) return ref.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(p: Obj | undefined): void {
  if (!p || typeof p !== 'object') return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultHandler(h: Obj | undefined): void {
  if (!h?.httpGet) return;
  if (!h.httpGet.path) h.httpGet.path = '/';
  if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
}

function defaultEnv(env: Obj[] | undefined): void {
  for (const e of env ?? []) {
    const ref = e?.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
}

export function defaultContainer(c: Obj, hostNetwork: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const port of c.ports ?? []) {
    if (!port.protocol) port.protocol = 'TCP';
    // With host networking the container port is the host port.
    if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
  defaultEnv(c.env);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

export function volumeSourcesOf(v: Obj): string[] {
  return VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
}

function defaultVolume(v: Obj): void {
  // A volume without a source is an emptyDir (SetDefaults_Volume).
  if (volumeSourcesOf(v).length === 0) v.emptyDir = {};
  for (const src of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (v[src] && v[src].defaultMode === undefined) v[src].defaultMode = 0o644;
  }
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = '';
  if (v.iscsi && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
  for (const src of v.projected?.sources ?? []) {
    const sat = src?.serviceAccountToken;
    if (sat && sat.expirationSeconds === undefined) sat.expirationSeconds = 3600;
  }
}

/** SetDefaults_PodSpec and everything the generated defaulter reaches below it. */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!spec.securityContext) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // serviceAccount is the deprecated alias of serviceAccountName; the two are kept in sync.
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  const hostNetwork = spec.hostNetwork === true;
  for (const c of spec.initContainers ?? []) defaultContainer(c, hostNetwork);
  for (const c of spec.containers ?? []) defaultContainer(c, hostNetwork);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c, hostNetwork);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** Requests default to limits for every resource that has a limit but no request. */
function defaultRequestsFromLimits(c: Obj): void {
  const limits = c.resources?.limits;
  if (!limits || typeof limits !== 'object') return;
  const requests = ensureObj(ensureObj(c, 'resources'), 'requests');
  for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
}

/** SetDefaults_Pod: PodSpec defaults plus the Pod-only ones. */
export function defaultPod(pod: Obj): void {
  const spec = ensureObj(pod, 'spec');
  defaultPodSpec(spec);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultRequestsFromLimits(c);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
}

const DEFAULT_TOLERATION_SECONDS = 300;
const DEFAULT_TOLERATION_KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function toleratesNoExecute(tols: Obj[], key: string): boolean {
  // Any toleration that already matches the taint (key or wildcard, NoExecute or all effects) wins.
  return tols.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
}

/**
 * What the ServiceAccount, Priority and DefaultTolerationSeconds admission plugins add to a Pod on
 * create. Templates never see these: they are applied to the Pod objects themselves.
 */
export function admitPodCreate(pod: Obj): void {
  const spec = ensureObj(pod, 'spec');
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (!spec.priorityClassName && spec.priority === undefined) spec.priority = 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority';
  const tols: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of DEFAULT_TOLERATION_KEYS) {
    if (!toleratesNoExecute(tols, key))
      tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  spec.tolerations = tols;
}

function containerQoS(c: Obj, acc: { any: boolean; guaranteed: boolean }): void {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  if (Object.keys(req).length || Object.keys(lim).length) acc.any = true;
  for (const r of ['cpu', 'memory']) {
    if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) acc.guaranteed = false;
  }
}

/** qos.GetPodQOS, simplified to cpu/memory: Guaranteed, Burstable or BestEffort. */
export function podQOSClass(spec: Obj): string {
  const acc = { any: false, guaranteed: true };
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) containerQoS(c, acc);
  if (!acc.any) return 'BestEffort';
  return acc.guaranteed ? 'Guaranteed' : 'Burstable';
}
