// Part of the API server (like kube-apiserver's apiextensions controllers): keeps the registry in
// step with the stored CRDs, marks them Established/NamesAccepted, and on deletion removes every
// instance before letting the CRD go (finalizer customresourcecleanup.apiextensions.k8s.io).

import type { Logger } from 'pino';
import type { KubeObject } from '../../apimachinery/types.js';
import { storageKey, type ResourceType } from '../../registry/types.js';
import type { StoreEvent } from '../../store/store.js';
import { timestamp, type RestContext } from '../rest/context.js';
import { updateObject } from '../rest/update.js';
import { crdToType, type CrdPrinterFactory, type CrdStrategies } from './crd-types.js';

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export class CrdController {
  private readonly served = new Map<string, ResourceType>();
  private sub?: { close(): void };
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: RestContext,
    private readonly log: Logger,
    private readonly makePrinter?: CrdPrinterFactory,
    private readonly strategies: CrdStrategies = {},
  ) {}

  /** Registers every stored CRD, then follows changes. */
  start(): void {
    // The published list and rv go together: the watch delivers exactly what the list lacks.
    for (const o of this.ctx.store.listPublished(CRD_KEY)) this.enqueue(o.obj as KubeObject);
    this.sub = this.ctx.store.watch(CRD_KEY, this.ctx.store.publishedRv(), (e: StoreEvent) => this.onEvent(e));
  }

  /** Resolves when all queued work is done (tests, start-up). */
  idle(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.sub?.close();
  }

  private onEvent(e: StoreEvent): void {
    if (e.type === 'DELETED') this.unserve(e.object.obj.metadata.name!);
    else this.enqueue(e.object.obj as KubeObject);
  }

  private enqueue(crd: KubeObject): void {
    this.chain = this.chain.then(() => this.sync(crd)).catch((err) => this.log.error({ err, crd: crd.metadata.name }, 'CRD sync failed'));
  }

  private unserve(name: string): void {
    const t = this.served.get(name);
    if (t) this.ctx.registry.remove(t);
    this.served.delete(name);
  }

  private async sync(stale: KubeObject): Promise<void> {
    const cur = this.ctx.store.get(CRD_KEY, '', stale.metadata.name!);
    if (!cur) return this.unserve(stale.metadata.name!);
    const crd = cur.obj as KubeObject;
    if (crd.metadata.deletionTimestamp) return this.cleanup(crd);
    const t = crdToType(crd, this.makePrinter, this.strategies[crd.metadata.name!]);
    this.unserve(crd.metadata.name!);
    if (!t) return;
    this.ctx.registry.add(t);
    this.served.set(crd.metadata.name!, t);
    await this.ensureFinalizer(crd);
    await this.markEstablished(crd);
  }

  private crdType(): ResourceType {
    return this.ctx.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  }

  private async ensureFinalizer(crd: KubeObject): Promise<void> {
    if (crd.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return;
    const next = structuredClone(crd) as KubeObject;
    next.metadata.finalizers = [...(next.metadata.finalizers ?? []), CLEANUP_FINALIZER];
    await updateObject(this.ctx, this.params(crd, ''), next);
  }

  private async markEstablished(stale: KubeObject): Promise<void> {
    const crd = structuredClone(this.ctx.store.get(CRD_KEY, '', stale.metadata.name!)!.obj) as KubeObject;
    const conds: any[] = crd.status?.conditions ?? [];
    if (conds.some((c) => c.type === 'Established' && c.status === 'True')) return;
    const now = timestamp(this.ctx.now());
    crd.status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      acceptedNames: crd.spec.names,
      storedVersions: (crd.spec.versions ?? []).filter((v: { storage: boolean }) => v.storage).map((v: { name: string }) => v.name),
    };
    await updateObject(this.ctx, this.params(crd, 'status'), crd);
  }

  /** Deletes every instance, then drops the cleanup finalizer so the CRD goes. */
  private async cleanup(crd: KubeObject): Promise<void> {
    const t = this.served.get(crd.metadata.name!) ?? crdToType(crd);
    if (t) {
      for (const o of this.ctx.store.list(storageKey(t))) {
        await this.ctx.store.delete(storageKey(t), o.namespace, o.name).catch(() => undefined);
      }
    }
    this.unserve(crd.metadata.name!);
    if (!crd.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return;
    const next = structuredClone(crd) as KubeObject;
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== CLEANUP_FINALIZER);
    await updateObject(this.ctx, this.params(crd, ''), next);
  }

  private params(crd: KubeObject, subresource: '' | 'status') {
    return {
      type: this.crdType(),
      version: 'v1',
      namespace: '',
      name: crd.metadata.name!,
      subresource,
      query: new URLSearchParams(),
      warnings: [],
    };
  }
}
