// StatefulSet e2e fixtures, ported from upstream's test/e2e/framework/statefulset: the set upstream
// builds (`NewStatefulSet`: selector/labels foo=bar,baz=blah, serviceName "test", one httpd
// container `webserver` with an HTTP readiness probe, optional `datadir` claim and `home` hostPath),
// and waits on the sandbox's state through @kubernetes/client-node. Readiness is driven the way the
// sandbox offers: the node agent's `sim.ordinal.dev/ready` pod annotation makes the probe fail.
// Also the plain app=<name> manifest, as YAML, that the suites driving the CLI and kubectl apply.

import * as k8s from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { eventually, rawRequest, sandboxPerSuite, type SandboxOptions, type TestSandbox } from './sandbox.js';
import { InvariantChecker } from './invariants.js';

export const READY_ANN = 'sim.ordinal.dev/ready';
export const LABELS = { foo: 'bar', baz: 'blah' };
export const SELECTOR = 'foo=bar,baz=blah';
export const IMAGE = 'registry.k8s.io/e2e-test-images/httpd:2.4.38-4';
export const NEW_IMAGE = 'registry.k8s.io/e2e-test-images/httpd:2.4.39-4';

export interface SetOptions {
  claims?: boolean; // a `datadir` volumeClaimTemplate (RWO, 1 byte)
  paused?: boolean; // pods start NotReady until resumed (upstream PauseNewPods)
  extra?: Record<string, unknown>; // merged into spec
}

/** upstream NewStatefulSet(name, ns, "test", replicas, statefulMounts, podMounts, labels). */
export function newStatefulSet(name: string, ns: string, replicas: number, o: SetOptions = {}): k8s.V1StatefulSet {
  const mounts = [{ name: 'home', mountPath: '/home' }, ...(o.claims ? [{ name: 'datadir', mountPath: '/data/' }] : [])];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      serviceName: 'test',
      selector: { matchLabels: { ...LABELS } },
      template: {
        metadata: { labels: { ...LABELS }, annotations: o.paused ? { [READY_ANN]: 'false' } : {} },
        spec: {
          containers: [
            {
              name: 'webserver',
              image: IMAGE,
              volumeMounts: mounts,
              readinessProbe: { httpGet: { path: '/index.html', port: 80 as unknown as k8s.IntOrString }, periodSeconds: 1, successThreshold: 1, failureThreshold: 1 },
            },
          ],
          volumes: [{ name: 'home', hostPath: { path: '/tmp/home' } }],
        },
      },
      volumeClaimTemplates: o.claims ? [{ metadata: { name: 'datadir' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } } } }] : undefined,
      ...(o.extra ?? {}),
    },
  };
}

/** What appStatefulSetYaml lets a test vary; the rest is the smallest set a user would write. */
export interface AppSetOptions {
  apiVersion?: string; // apps/v1, or apps.kruise.io/v1beta1 for an Advanced StatefulSet
  namespace?: string;
  labelSet?: boolean; // the set itself labelled app=<name> too, not only its pods
  container?: string; // the one container's name ('main')
  podAnnotations?: Record<string, string>;
  readinessDelay?: number; // seconds: a TCP readiness probe on :80 that passes only after this long
  spec?: Record<string, unknown>; // merged into spec (updateStrategy, ...)
}

/**
 * A StatefulSet manifest as a user writes it for `kubectl apply`: pods labelled app=<name>, service
 * <name>, one container running `image`. The e2e suites that drive the CLI and kubectl use it where
 * newStatefulSet's upstream fixture (httpd, probes, volumes) would be beside the point.
 */
export function appStatefulSetYaml(name: string, replicas: number, image: string, o: AppSetOptions = {}): string {
  const labels = () => ({ app: name });
  const probe = o.readinessDelay ? { readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: o.readinessDelay } } : {};
  return stringify({
    apiVersion: o.apiVersion ?? 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), ...(o.labelSet ? { labels: labels() } : {}) },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: labels() },
      template: {
        metadata: { labels: labels(), ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}) },
        spec: { containers: [{ name: o.container ?? 'main', image, ...probe }] },
      },
      ...o.spec,
    },
  });
}

let nsCounter = 0;

export class StsEnv {
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
  constructor(readonly sb: TestSandbox) {
    this.core = sb.kc.makeApiClient(k8s.CoreV1Api);
    this.apps = sb.kc.makeApiClient(k8s.AppsV1Api);
  }

  /** A fresh namespace with upstream's headless Service `test`. */
  async namespace(prefix: string): Promise<string> {
    const ns = `${prefix}-${process.pid % 1000}-${++nsCounter}`;
    await this.core.createNamespace({ body: { metadata: { name: ns } } });
    await this.core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'test', labels: LABELS }, spec: { clusterIP: 'None', selector: LABELS, ports: [{ port: 80, name: 'http' }] } },
    });
    return ns;
  }

  create(set: k8s.V1StatefulSet): Promise<k8s.V1StatefulSet> {
    return this.apps.createNamespacedStatefulSet({ namespace: set.metadata!.namespace!, body: set });
  }

  get(ns: string, name: string): Promise<k8s.V1StatefulSet> {
    return this.apps.readNamespacedStatefulSet({ namespace: ns, name });
  }

  /** Pods of the set (by name prefix and selector), ascending ordinal. */
  /** Label selectors of sets that don't use upstream's foo=bar,baz=blah (by set name). */
  readonly selectors = new Map<string, string>();

  async pods(ns: string, set = 'ss', selector = this.selectors.get(set) ?? SELECTOR): Promise<k8s.V1Pod[]> {
    const r = await this.core.listNamespacedPod({ namespace: ns, labelSelector: selector });
    const ord = (p: k8s.V1Pod) => Number(/-(\d+)$/.exec(p.metadata!.name!)?.[1] ?? -1);
    return r.items.filter((p) => p.metadata!.name!.startsWith(`${set}-`)).sort((a, b) => ord(a) - ord(b));
  }

  async pod(ns: string, name: string): Promise<k8s.V1Pod | undefined> {
    try {
      return await this.core.readNamespacedPod({ namespace: ns, name });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  /** JSON merge patch on any path (client-node's patch needs content-type plumbing; raw is simpler). */
  async merge(path: string, patch: unknown, contentType = 'application/merge-patch+json'): Promise<any> {
    const r = await rawRequest(this.sb, 'PATCH', path, { body: JSON.stringify(patch), contentType });
    if (r.status >= 300) throw new Error(`PATCH ${path} → ${r.status}: ${r.body}`);
    return r.json;
  }

  /** Strategic merge patch, as kubectl patch does: containers merge by name. */
  patchSet(ns: string, name: string, patch: unknown): Promise<k8s.V1StatefulSet> {
    return this.merge(`/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`, patch, 'application/strategic-merge-patch+json');
  }

  patchPod(ns: string, name: string, patch: unknown): Promise<k8s.V1Pod> {
    return this.merge(`/api/v1/namespaces/${ns}/pods/${name}`, patch);
  }

  /** Makes the pod's readiness probe fail (false) or pass (true). */
  setReady(ns: string, name: string, ready: boolean): Promise<k8s.V1Pod> {
    return this.patchPod(ns, name, { metadata: { annotations: { [READY_ANN]: ready ? 'true' : 'false' } } });
  }

  async setAllReady(ns: string, ready: boolean, set = 'ss'): Promise<void> {
    for (const p of await this.pods(ns, set)) await this.setReady(ns, p.metadata!.name!, ready);
  }

  async deletePod(ns: string, name: string, gracePeriodSeconds?: number): Promise<void> {
    await this.core.deleteNamespacedPod({ namespace: ns, name, gracePeriodSeconds });
  }

  /** upstream WaitForRunningAndReady: exactly `n` pods, all Running and Ready. */
  waitRunningAndReady(ns: string, n: number, set = 'ss', timeoutMs = 30_000): Promise<k8s.V1Pod[]> {
    return eventually(
      async () => {
        const ps = await this.pods(ns, set);
        return ps.length === n && ps.every((p) => isRunningAndReady(p) && !p.metadata!.deletionTimestamp) && ps;
      },
      { timeoutMs, message: `${n} pods of ${ns}/${set} Running and Ready` },
    );
  }

  /** Waits until fn(set) holds (set re-read on every poll). */
  waitSet(ns: string, name: string, fn: (s: k8s.V1StatefulSet) => boolean, message: string, timeoutMs = 30_000): Promise<k8s.V1StatefulSet> {
    return eventually(async () => {
      const s = await this.get(ns, name);
      return fn(s) && s;
    }, { timeoutMs, message });
  }

  /** upstream waitForStatus: the controller observed the latest generation. */
  waitObserved(ns: string, name: string): Promise<k8s.V1StatefulSet> {
    return this.waitSet(ns, name, (s) => (s.status?.observedGeneration ?? 0) >= (s.metadata!.generation ?? 0), 'status.observedGeneration caught up');
  }

  waitPods(ns: string, fn: (ps: k8s.V1Pod[]) => boolean, message: string, set = 'ss', timeoutMs = 30_000): Promise<k8s.V1Pod[]> {
    return eventually(async () => {
      const ps = await this.pods(ns, set);
      return fn(ps) && ps;
    }, { timeoutMs, message });
  }

  /** Asserts fn keeps holding for `ms` (upstream's "Consistently"; polls, no blind sleep). */
  async consistently(fn: () => Promise<boolean>, ms: number, message: string): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (!(await fn())) throw new Error(`not consistently: ${message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** upstream Restart: scale to 0, wait for status.replicas 0, scale back. */
  async restart(ns: string, name: string, replicas: number): Promise<void> {
    await this.patchSet(ns, name, { spec: { replicas: 0 } });
    await this.waitSet(ns, name, (s) => (s.status?.replicas ?? 0) === 0, 'status.replicas == 0');
    await this.waitPods(ns, (ps) => ps.length === 0, 'all pods gone', name);
    await this.patchSet(ns, name, { spec: { replicas } });
  }
}

export const isRunningAndReady = (p: k8s.V1Pod): boolean =>
  p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
export const revisionOf = (p: k8s.V1Pod): string => p.metadata?.labels?.['controller-revision-hash'] ?? '';
export const imageOf = (p: k8s.V1Pod): string => p.spec?.containers[0].image ?? '';
export const names = (ps: k8s.V1Pod[]): string[] => ps.map((p) => p.metadata!.name!);

/** What a StatefulSet e2e describe block works with. */
export interface StsSuite {
  sb: TestSandbox;
  env: StsEnv;
  checker: InvariantChecker;
}

/**
 * One sandbox for the enclosing describe block (see sandboxPerSuite) with an StsEnv on it and an
 * InvariantChecker watching every pod event from the start; `onStart` keeps them. The checker is
 * stopped before the sandbox.
 */
export function stsSandboxPerSuite(opts: SandboxOptions, onStart: (suite: StsSuite) => void): void {
  sandboxPerSuite(opts, async (sb) => {
    const env = new StsEnv(sb);
    const checker = await InvariantChecker.start(sb.kc);
    onStart({ sb, env, checker });
    return () => checker.stop();
  });
}
