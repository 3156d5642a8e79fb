// The sandbox: one process with the API server, the controllers, the scheduler, simulated nodes,
// cluster DNS, IPAM and the volume provisioner. Every component except the API server reaches the
// cluster only through an ApiClient (here the in-process one), exactly as it would on a real cluster.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ApiServer } from '../apiserver/api-server.js';
import { ensurePki, kubeconfigYaml } from '../apiserver/certs.js';
import { startHttpServer } from '../apiserver/http-server.js';
import type { ApiClient } from '../client/api-client.js';
import { InProcessTransport } from '../client/in-process-transport.js';
import { RestClient } from '../client/rest-client.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { builtinHooks } from './hooks.js';
import { customResourcePrinter } from '../registry/printers/index.js';
import { kruiseStatefulSetStrategy } from '../kruise/index.js';
import { serviceIpAdmission } from '../apiserver/admission/service-ip.js';
import { defaultStorageClassAdmission } from '../apiserver/admission/default-storage-class.js';
import { startComponents, type Component, type SandboxConfig } from './components.js';
import { createStreamingEndpoint } from '../apiserver/streaming/upgrade.js';
import { createExecHandler } from '../nodeagent/shell/exec-handler.js';

export const DATA_FORMAT_VERSION = 1;

export interface SandboxOptions extends Omit<SandboxConfig, 'apiPort'> {
  dataDir: string;
  host: string;
  port: number;
  insecureHttp?: boolean;
  watchCacheSize?: number;
  /** Log a warning for each store commit (write and fsync) that took this long or longer (default 100 ms). */
  slowCommitWarningMs?: number;
  logger: Logger;
}

export interface RunningSandbox {
  url: string;
  port: number;
  kubeconfigPath: string;
  client: ApiClient;
  apiServer: ApiServer;
  components: Component[];
  stop(): Promise<void>;
}

export class DataDirError extends Error {}

function checkDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const f = join(dir, 'VERSION');
  if (existsSync(f)) {
    const v = Number(readFileSync(f, 'utf8').trim());
    if (v > DATA_FORMAT_VERSION) {
      throw new DataDirError(
        `data dir ${dir} was written by a newer Ordinal (format ${v}, this one reads ${DATA_FORMAT_VERSION}): upgrade Ordinal, or start with another --data-dir`,
      );
    }
  } else {
    writeFileSync(f, `${DATA_FORMAT_VERSION}\n`);
  }
}

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const dataDir = resolve(opts.dataDir);
  checkDataDir(dataDir);
  const log = opts.logger;
  const storeLog = log.child({ component: 'store' });
  const store = new SqliteStore({
    path: join(dataDir, 'state.db'),
    historySize: opts.watchCacheSize,
    slowCommitMs: opts.slowCommitWarningMs,
    onSlowCommit: (ms, rows) =>
      storeLog.warn({ durationMs: Math.round(ms), rows }, `slow disk: a commit of ${rows} writes took ${Math.round(ms)} ms to write and fsync; every write waited for it`),
  });
  const hooks = await builtinHooks();
  const apiServer: ApiServer = new ApiServer({
    store,
    logger: log,
    hooks: hooks.builtin,
    fieldValidator: hooks.fieldValidator,
    extraHandlers: hooks.extraHandlers((): ApiServer => apiServer),
    crdPrinter: customResourcePrinter,
    crdStrategies: { 'statefulsets.apps.kruise.io': kruiseStatefulSetStrategy },
  });
  await apiServer.bootstrap();
  apiServer.addAdmission(serviceIpAdmission(apiServer.ctx));
  apiServer.addAdmission(defaultStorageClassAdmission());
  await apiServer.startCrdServing();
  const pki = await ensurePki(join(dataDir, 'pki'), opts.host);
  const streaming = createStreamingEndpoint({ logger: log.child({ component: 'streaming' }) });
  const http = await startHttpServer({
    host: opts.host,
    port: opts.port,
    tls: opts.insecureHttp ? undefined : { cert: pki.certPem, key: pki.keyPem },
    token: pki.token,
    handle: apiServer.handle,
    onError: (e) => log.error({ err: e }, 'request failed'),
    upgrade: streaming.handleUpgrade,
  });
  const scheme = opts.insecureHttp ? 'http' : 'https';
  const hostForUrl = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `${scheme}://${hostForUrl}:${http.port}`;
  apiServer.setServerAddress(`${hostForUrl}:${http.port}`);
  const kubeconfigPath = join(dataDir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(url, pki, !!opts.insecureHttp), { mode: 0o600 });
  const client = new RestClient(new InProcessTransport(apiServer.handle));
  const components = await startComponents(client, apiServer, { ...opts, dataDir, apiPort: http.port }, log);
  // pods/exec and pods/attach are answered by the simulated nodes' shell (src/nodeagent/shell).
  streaming.setExecHandler(createExecHandler({ client, dnsPort: opts.dnsPort, logger: log.child({ component: 'exec' }) }));
  apiServer.markReady();
  return {
    url,
    port: http.port,
    kubeconfigPath,
    client,
    apiServer,
    components,
    stop: async () => {
      for (const c of [...components].reverse()) await c.stop();
      streaming.close();
      await http.close();
      apiServer.stop();
      store.close();
    },
  };
}
