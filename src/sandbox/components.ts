// The sandbox's components besides the API server, started in dependency order. Each is a client of
// the Kubernetes API only (the in-process RestClient here; an HTTPS one in operator mode).

import type { Logger } from 'pino';
import type { ApiServer } from '../apiserver/api-server.js';
import type { RestClient } from '../client/rest-client.js';
import { NamespaceController } from '../controllers/namespace/namespace-controller.js';
import { ServiceAccountController } from '../controllers/serviceaccount/serviceaccount-controller.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { startNodeAgents } from '../nodeagent/agent.js';
import { startNodeLifecycleController } from '../controllers/nodelifecycle/controller.js';
import { ApiEventRecorder } from '../controller/events.js';
import { startStatefulSetController } from '../controllers/statefulset/index.js';
import { PodGarbageCollector } from '../controllers/podgc/podgc-controller.js';
import { startAdvancedStatefulSetController } from '../controllers/advanced-statefulset/index.js';
import { startEndpointControllers } from '../controllers/endpoints/start.js';
import { startIpClaimController } from '../controllers/ipclaim/start.js';
import { startClusterDns } from '../network/dns/server.js';
import { PodIpAllocator } from '../network/ipam/pod-ip-allocator.js';
import { ensureSystemServices, installCrds } from './bootstrap.js';
import { startIsolatedComponent } from './isolated-component.js';
import { ISOLATED_STARTERS } from './isolated-starters.js';
import { startGarbageCollector } from './garbage-collector-starter.js';
import { podNetworkFor } from './pod-network.js';
import { startVolumeControllers } from '../controllers/volume/index.js';

export interface SandboxConfig {
  dataDir: string;
  apiPort: number;
  nodes: number;
  dnsPort: number;
  timeScale: number;
  imagePull: string;
  containerStart: string;
  /** Components not to start (names as below), for focused tests. */
  disable?: string[];
}

export interface Component {
  name: string;
  stop(): Promise<void> | void;
  /** One-line summary for the ready banner (e.g. "DNS 127.0.0.1:10053"). */
  describe?(): string;
}

/** `server` is absent in operator mode (controllers against a real cluster) and in a worker (isolated-component.ts). */
export type Starter = (client: RestClient, server: ApiServer | undefined, cfg: SandboxConfig, log: Logger) => Promise<Component>;

const STARTERS: [string, Starter][] = [
  [
    'bootstrap',
    async (client, _s, cfg) => {
      await installCrds(client);
      await ensureSystemServices(client, cfg.apiPort, cfg.dnsPort);
      return { name: 'bootstrap', stop: () => undefined };
    },
  ],
  ['garbage-collector', startGarbageCollector],
  [
    'namespace-controller',
    async (client, _s, _c, log) => {
      const c = new NamespaceController(client, log.child({ component: 'namespace-controller' }));
      await c.start();
      return { name: 'namespace-controller', stop: () => c.stop() };
    },
  ],
  [
    'serviceaccount-controller',
    async (client, _s, _c, log) => {
      const c = new ServiceAccountController(client, log.child({ component: 'serviceaccount-controller' }));
      await c.start();
      return { name: 'serviceaccount-controller', stop: () => c.stop() };
    },
  ],
  [
    'scheduler',
    async (client, _s, _c, log) => {
      const s = startScheduler(client, { logger: log.child({ component: 'scheduler' }) });
      await s.ready;
      return { name: 'scheduler', stop: () => s.stop() };
    },
  ],
  [
    'node-agents',
    async (client, server, cfg, log) => {
      const logger = log.child({ component: 'node-agent' });
      // More than 254 nodes do not fit kind's 10.244.0.0/16: widen the pod network to fit them.
      const net = podNetworkFor(cfg.nodes);
      const ipAllocator = new PodIpAllocator(client, { config: net });
      await ipAllocator.start();
      const agents = startNodeAgents(client, {
        nodes: cfg.nodes,
        clusterCidr: net.clusterCidr,
        ipAllocator,
        timeScale: cfg.timeScale,
        timings: { imagePull: cfg.imagePull, containerStart: cfg.containerStart },
        logger,
        recorderFor: (node) => new ApiEventRecorder(client, { component: 'kubelet', host: node, logger, maxInFlight: 2 }),
      });
      await agents.ready;
      server?.setPodLogSource(agents.logs);
      return {
        name: 'node-agents',
        stop: () => {
          agents.stop();
          ipAllocator.stop();
        },
        describe: () => `Nodes:       ${agents.nodeNames().length} simulated (${agents.nodeNames().join(', ')})`,
      };
    },
  ],
  [
    'node-lifecycle-controller',
    async (client, _s, cfg, log) => {
      const logger = log.child({ component: 'node-lifecycle-controller' });
      const c = startNodeLifecycleController(client, { logger, timeScale: cfg.timeScale, recorder: new ApiEventRecorder(client, { component: 'node-controller', logger }) });
      await c.ready;
      return { name: 'node-lifecycle-controller', stop: () => c.stop() };
    },
  ],
  [
    'podgc-controller',
    async (client, _s, cfg, log) => {
      const c = new PodGarbageCollector(client, { logger: log.child({ component: 'podgc-controller' }), timeScale: cfg.timeScale });
      await c.start();
      return { name: 'podgc-controller', stop: () => c.stop() };
    },
  ],
  [
    'statefulset-controller',
    async (client, _s, _c, log) => {
      const c = startStatefulSetController(client, { logger: log.child({ component: 'statefulset-controller' }) });
      await c.ready;
      return { name: 'statefulset-controller', stop: () => c.stop() };
    },
  ],
  [
    'advanced-statefulset-controller',
    async (client, _s, _c, log) => {
      const c = startAdvancedStatefulSetController(client, { logger: log.child({ component: 'advanced-statefulset-controller' }) });
      await c.ready;
      return { name: 'advanced-statefulset-controller', stop: () => c.stop() };
    },
  ],
  [
    'endpoint-controllers',
    async (client, _s, _c, log) => {
      const c = await startEndpointControllers(client, { logger: log.child({ component: 'endpoint-controllers' }) });
      return { name: 'endpoint-controllers', stop: () => c.stop() };
    },
  ],
  [
    'ipclaim-controller',
    async (client, _s, _c, log) => {
      const logger = log.child({ component: 'ipclaim-controller' });
      const c = await startIpClaimController(client, { logger, recorder: new ApiEventRecorder(client, { component: 'ipclaim-controller', logger }) });
      return { name: 'ipclaim-controller', stop: () => c.stop() };
    },
  ],
  [
    'cluster-dns',
    async (client, _s, cfg, log) => {
      const dns = await startClusterDns(client, { port: cfg.dnsPort, host: '127.0.0.1', logger: log.child({ component: 'cluster-dns' }) });
      return { name: 'cluster-dns', stop: () => dns.stop(), describe: () => `DNS:         127.0.0.1:${dns.port} (cluster.local, UDP and TCP)` };
    },
  ],
  [
    'volume-controllers',
    async (client, _s, cfg, log) => {
      const c = await startVolumeControllers(client, { dataDir: cfg.dataDir, logger: log.child({ component: 'volume-controllers' }) });
      return { name: 'volume-controllers', stop: () => c.stop() };
    },
  ],
];

/** Components the sandbox runs in an isolate of their own (isolated-starters.ts). */
const OWN_ISOLATE: ReadonlySet<string> = new Set(Object.keys(ISOLATED_STARTERS));

/**
 * Starts the sandbox's components. Those in OWN_ISOLATE run in workers of their own that reach the
 * API server over a message channel. They start last and the sandbox does not wait for them
 * (isolated-component.ts): loading a worker's modules would otherwise compete with the rest of
 * the start for the CPU. Every component stops in the reverse of the usual order.
 */
export async function startComponents(client: RestClient, server: ApiServer, cfg: SandboxConfig, log: Logger): Promise<Component[]> {
  const names = STARTERS.map(([n]) => n).filter((n) => !cfg.disable?.includes(n));
  const own = names.filter((n) => OWN_ISOLATE.has(n));
  const inProcess = await startNamedComponents(names.filter((n) => !own.includes(n)), client, cfg, log, server);
  const all = [...inProcess, ...own.map((name) => startIsolatedComponent(name, plainConfig(cfg), server.handle, log))];
  return names.flatMap((n) => all.filter((c) => c.name === n));
}

/** The config as plain data, for a worker (the sandbox passes its options, logger included). */
function plainConfig(c: SandboxConfig): SandboxConfig {
  const { dataDir, apiPort, nodes, dnsPort, timeScale, imagePull, containerStart, disable } = c;
  return { dataDir, apiPort, nodes, dnsPort, timeScale, imagePull, containerStart, disable };
}

export const COMPONENT_NAMES: readonly string[] = STARTERS.map(([n]) => n);

/** Starts the named components in their dependency order (operator mode picks a few). */
export async function startNamedComponents(names: string[], client: RestClient, cfg: SandboxConfig, log: Logger, server?: ApiServer): Promise<Component[]> {
  const unknown = names.filter((n) => !COMPONENT_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown component(s): ${unknown.join(', ')}; known: ${COMPONENT_NAMES.join(', ')}`);
  const started: Component[] = [];
  for (const [name, start] of STARTERS) if (names.includes(name)) started.push(await start(client, server, cfg, log));
  return started;
}
