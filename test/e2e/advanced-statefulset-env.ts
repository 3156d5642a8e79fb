// Shared fixtures of the Advanced StatefulSet e2e files (advanced-statefulset-*.test.ts): a namespace
// per test, the set Kruise's own e2e builds (one nginx container, the InPlaceUpdateReady gate,
// Parallel), and raw REST access to the sandbox (merge patches, pods, events) that is quicker than
// spawning kubectl for every poll.

import assert from 'node:assert/strict';
import { eventually, rawRequest, type TestSandbox } from '../helpers/sandbox.js';

export const IMAGE = 'nginx:1.25';
export const NEW_IMAGE = 'nginx:1.27';
const ASTS_BASE = '/apis/apps.kruise.io/v1beta1/namespaces';

let counter = 0;

export interface PodInfo {
  name: string;
  uid: string;
  image: string;
  imageID: string;
  restarts: number;
  ready: boolean;
  terminating: boolean;
  revision: string;
  state?: string;
  gate?: string;
  labels: Record<string, string>;
  finalizers: string[];
  annotations: Record<string, string>;
  raw: any;
}

export function podInfo(p: any): PodInfo {
  const cs = p.status?.containerStatuses?.[0];
  const cond = (t: string) => p.status?.conditions?.find((c: any) => c.type === t)?.status;
  return {
    name: p.metadata.name,
    uid: p.metadata.uid,
    image: p.spec.containers[0].image,
    imageID: cs?.imageID ?? '',
    restarts: cs?.restartCount ?? 0,
    ready: cond('Ready') === 'True' && !p.metadata.deletionTimestamp,
    terminating: !!p.metadata.deletionTimestamp,
    revision: p.metadata.labels?.['controller-revision-hash'] ?? '',
    state: p.metadata.labels?.['lifecycle.apps.kruise.io/state'],
    gate: cond('InPlaceUpdateReady'),
    labels: p.metadata.labels ?? {},
    finalizers: p.metadata.finalizers ?? [],
    annotations: p.metadata.annotations ?? {},
    raw: p,
  };
}

/** An apps.kruise.io/v1beta1 StatefulSet `name` (label app=name); `spec` is merged over the base spec. */
export function asts(name: string, spec: Record<string, any> = {}, opts: { updateStrategy?: Record<string, any>; templateAnnotations?: Record<string, string>; templateLabels?: Record<string, string> } = {}): any {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      podManagementPolicy: 'Parallel',
      template: {
        metadata: { labels: { app: name, ...(opts.templateLabels ?? {}) }, annotations: opts.templateAnnotations ?? {} },
        spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], containers: [{ name: 'main', image: IMAGE }] },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 1, ...(opts.updateStrategy ?? {}) } },
      ...spec,
    },
  };
}

export class AstsEnv {
  constructor(readonly sb: TestSandbox) {}

  async req(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<any> {
    const r = await rawRequest(this.sb, method, path, { body: body === undefined ? undefined : JSON.stringify(body), contentType });
    if (r.status >= 300) throw Object.assign(new Error(`${method} ${path}: ${r.status} ${r.body}`), { status: r.status, json: r.json });
    return r.json;
  }

  async namespace(prefix: string): Promise<string> {
    const ns = `${prefix}-${process.pid % 1000}-${++counter}`;
    await this.req('POST', '/api/v1/namespaces', { metadata: { name: ns } });
    return ns;
  }

  create(ns: string, obj: any): Promise<any> {
    return this.req('POST', `${ASTS_BASE}/${ns}/statefulsets`, obj);
  }
  get(ns: string, name: string): Promise<any> {
    return this.req('GET', `${ASTS_BASE}/${ns}/statefulsets/${name}`);
  }
  patch(ns: string, name: string, patch: unknown): Promise<any> {
    return this.req('PATCH', `${ASTS_BASE}/${ns}/statefulsets/${name}`, patch, 'application/merge-patch+json');
  }
  setImage(ns: string, name: string, image: string): Promise<any> {
    return this.req('PATCH', `${ASTS_BASE}/${ns}/statefulsets/${name}`, [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }], 'application/json-patch+json');
  }
  async pods(ns: string, app: string): Promise<PodInfo[]> {
    const list = await this.req('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${app}`);
    return (list.items as any[]).map(podInfo).sort((a, b) => ordinal(a.name) - ordinal(b.name));
  }
  patchPod(ns: string, name: string, patch: unknown): Promise<any> {
    return this.req('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`, patch, 'application/merge-patch+json');
  }
  async events(ns: string, name: string): Promise<string[]> {
    const list = await this.req('GET', `/api/v1/namespaces/${ns}/events`);
    return (list.items as any[]).filter((e) => e.involvedObject?.name === name).map((e) => e.message);
  }
  async revisions(ns: string): Promise<string[]> {
    const list = await this.req('GET', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`);
    return (list.items as any[]).map((r) => r.metadata.name).sort();
  }

  /** Waits for the set to be fully rolled out: every replica on the update revision, ready, in-place done. */
  async waitRolledOut(ns: string, name: string, timeoutMs = 30_000): Promise<any> {
    return eventually(
      async () => {
        const s = await this.get(ns, name);
        const st = s.status ?? {};
        const want = s.spec.replicas;
        if (st.observedGeneration !== s.metadata.generation || st.updatedReplicas !== want || st.readyReplicas !== want || st.replicas !== want) return false;
        if (st.currentRevision !== st.updateRevision || st.updatedReadyReplicas !== want || st.updatedAvailableReplicas !== want || st.availableReplicas !== want) return false;
        const ps = await this.pods(ns, name);
        return ps.length === want && ps.every((p) => p.ready && p.gate !== 'False') ? s : false;
      },
      { timeoutMs, message: `${ns}/${name} rolled out` },
    );
  }

  /** Waits until the pods satisfy `pred`. */
  waitPods(ns: string, app: string, pred: (ps: PodInfo[]) => boolean, message: string, timeoutMs = 30_000): Promise<PodInfo[]> {
    return eventually(async () => {
      const ps = await this.pods(ns, app);
      return pred(ps) ? ps : false;
    }, { timeoutMs, message });
  }
}

export const ordinal = (name: string): number => Number(/-(\d+)$/.exec(name)?.[1] ?? -1);
export const names = (ps: PodInfo[]): string => ps.map((p) => p.name).join(',');

export function assertUnchanged<T>(before: T, after: T, what: string): void {
  assert.deepEqual(after, before, what);
}
