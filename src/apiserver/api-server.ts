// Composes the API server: registry (built-ins + CRDs), store, admission, the request handler and
// the bootstrap objects every cluster has (namespaces, the `kubernetes` Service).

import type { Logger } from 'pino';
import type { KubeObject } from '../apimachinery/types.js';
import { Registry } from '../registry/registry.js';
import { builtinTypes, type BuiltinHooks } from '../registry/builtin.js';
import type { Store } from '../store/store.js';
import { createHandler, type NonResourceHandlers } from './handler.js';
import type { ApiRequest, ApiResponse } from './request.js';
import type { AdmissionPlugin, FieldValidator, PodLogSource, RestContext } from './rest/context.js';
import { timestamp } from './rest/context.js';
import { randomUUID } from 'node:crypto';
import { CrdController } from './crd/crd-controller.js';
import type { CrdPrinterFactory, CrdStrategies } from './crd/crd-types.js';

export interface ApiServerOptions {
  store: Store;
  logger: Logger;
  hooks: BuiltinHooks;
  admission?: AdmissionPlugin[];
  fieldValidator?: FieldValidator;
  extraHandlers?: NonResourceHandlers[];
  crdPrinter?: CrdPrinterFactory;
  /** Webhook-like behaviour per CRD name (defaulting and validation beyond the schema). */
  crdStrategies?: CrdStrategies;
  now?: () => Date;
}

export class ApiServer {
  readonly registry = new Registry();
  readonly ctx: RestContext;
  readonly handle: (req: ApiRequest) => Promise<ApiResponse>;
  private serverAddress = '127.0.0.1:6443';
  private readonly crds: CrdController;
  private isReady = false;

  constructor(private readonly opts: ApiServerOptions) {
    for (const t of builtinTypes(opts.hooks)) this.registry.add(t);
    this.ctx = {
      store: opts.store,
      registry: this.registry,
      admission: opts.admission ?? [],
      now: opts.now ?? (() => new Date()),
      fieldValidator: opts.fieldValidator,
    };
    this.handle = createHandler({
      ctx: this.ctx,
      serverAddress: () => this.serverAddress,
      ready: () => this.isReady,
      extra: opts.extraHandlers,
    });
    this.crds = new CrdController(this.ctx, opts.logger.child({ component: 'apiextensions' }), opts.crdPrinter, opts.crdStrategies);
  }

  /** Serves the stored CRDs and follows changes to them. */
  async startCrdServing(): Promise<void> {
    this.crds.start();
    await this.crds.idle();
  }

  stop(): void {
    this.crds.stop();
  }

  setServerAddress(addr: string): void {
    this.serverAddress = addr;
  }

  setPodLogSource(src: PodLogSource): void {
    this.ctx.podLogs = src;
  }

  addAdmission(p: AdmissionPlugin): void {
    this.ctx.admission.push(p);
  }

  markReady(): void {
    this.isReady = true;
  }

  /** Objects every cluster starts with; written directly once, skipped when present. */
  async bootstrap(): Promise<void> {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      await this.ensure('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  /** Creates an object straight in the store if it does not exist (bootstrap only, before serving). */
  async ensure(resource: string, obj: KubeObject): Promise<void> {
    const m = obj.metadata;
    if (this.opts.store.get(resource, m.namespace ?? '', m.name!)) return;
    m.uid = randomUUID();
    m.creationTimestamp = timestamp(this.ctx.now());
    await this.opts.store.create(resource, obj);
  }
}
