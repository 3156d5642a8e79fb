// The pod garbage collector (kube-controller-manager's PodGC), for the case that matters to
// StatefulSets: pods bound to a Node that no longer exists are force-deleted after a short
// quarantine (the node might be re-registering), so their controller can recreate them. Without
// it, `ordinal node remove` would leave such pods Running forever and a StatefulSet stuck.

import type { Logger } from 'pino';
import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { sharedInformer, type SharedInformer } from '../../controller/informer.js';

export interface PodGcOptions {
  logger: Logger;
  /** Upstream: 40 s quarantine after a node disappears, checks every 20 s. Both scaled. */
  timeScale?: number;
}

const QUARANTINE_MS = 40_000;
const CHECK_PERIOD_MS = 20_000;
const FLOOR_MS = 50;

export class PodGarbageCollector {
  private pods?: SharedInformer;
  private nodes?: SharedInformer;
  private timer?: NodeJS.Timeout;
  /** Node name → when we first saw it missing. */
  private readonly missingSince = new Map<string, number>();

  constructor(
    private readonly client: ApiClient,
    private readonly opts: PodGcOptions,
  ) {}

  private scaled(ms: number): number {
    return Math.max(FLOOR_MS, ms * (this.opts.timeScale ?? 1));
  }

  async start(): Promise<void> {
    this.pods = sharedInformer(this.client, R.pods, { logger: this.opts.logger });
    this.nodes = sharedInformer(this.client, R.nodes, { logger: this.opts.logger });
    this.nodes.addHandler({ delete: () => this.schedule(this.scaled(QUARANTINE_MS)) });
    await Promise.all([this.pods.start(), this.nodes.start()]);
    this.schedule(this.scaled(CHECK_PERIOD_MS));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.pods?.stop();
    this.nodes?.stop();
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.sweep()
        .catch((err) => this.opts.logger.warn({ err }, 'pod gc sweep failed'))
        .finally(() => this.schedule(this.scaled(CHECK_PERIOD_MS)));
    }, ms).unref();
  }

  /** Force-deletes pods whose node has been missing for longer than the quarantine. */
  async sweep(now = Date.now()): Promise<void> {
    const orphans = new Map<string, KubeObject[]>();
    for (const pod of this.pods!.list()) {
      const node = pod.spec?.nodeName;
      if (!node || this.nodes!.get(node)) continue;
      const list = orphans.get(node) ?? [];
      list.push(pod);
      orphans.set(node, list);
    }
    for (const name of [...this.missingSince.keys()]) if (!orphans.has(name)) this.missingSince.delete(name);
    for (const [node, pods] of orphans) {
      const since = this.missingSince.get(node) ?? now;
      this.missingSince.set(node, since);
      if (now - since < this.scaled(QUARANTINE_MS) || !(await this.nodeGone(node))) continue;
      for (const pod of pods) await this.forceDelete(pod, node);
    }
  }

  /** The informer may lag: ask the API before deleting anything. */
  private async nodeGone(name: string): Promise<boolean> {
    try {
      await this.client.get(at(R.nodes, undefined, name));
      return false;
    } catch (e) {
      if (isNotFound(e)) return true;
      throw e;
    }
  }

  private async forceDelete(pod: KubeObject, node: string): Promise<void> {
    this.opts.logger.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node }, 'deleting pod bound to a node that no longer exists');
    await this.client
      .delete(at(R.pods, pod.metadata.namespace, pod.metadata.name), { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } })
      .catch((e) => {
        if (!isNotFound(e)) throw e;
      });
  }
}
