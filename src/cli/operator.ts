// `ordinal operator`: the same controllers as the sandbox, against any cluster named by a kubeconfig
// (a real one, or another sandbox). Nothing here knows about the sandbox's store.

import { Command } from 'commander';
import { RestClient } from '../client/rest-client.js';
import { COMPONENT_NAMES, startNamedComponents } from '../sandbox/components.js';
import { installCrds } from '../sandbox/bootstrap.js';
import { createLogger, type LogFormat } from '../util/logger.js';

/** Controllers that make sense on a real cluster (it has its own scheduler, kubelets, DNS, GC). */
export const OPERATOR_DEFAULTS = ['statefulset-controller', 'advanced-statefulset-controller', 'ipclaim-controller'];

export function operatorCommand(): Command {
  return new Command('operator')
    .description('run Ordinal controllers against the cluster of a kubeconfig (a real cluster or a sandbox)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--controllers <names>', `comma-separated, from: ${COMPONENT_NAMES.join(', ')}`, OPERATOR_DEFAULTS.join(','))
    .option('--install-crds', 'create or update the CRDs in deploy/crds first (IPClaim; Kruise StatefulSet if Kruise is not installed)')
    .option('--log-format <fmt>', 'text or json', 'text')
    .action(async (o) => {
      const log = createLogger(o.logFormat as LogFormat);
      // Loaded on use: @kubernetes/client-node is slow to load and `ordinal up` imports this module too.
      const [{ KubeConfig }, { HttpTransport }] = await Promise.all([import('@kubernetes/client-node'), import('../client/http-transport.js')]);
      const kc = new KubeConfig();
      if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
      else kc.loadFromDefault();
      const client = new RestClient(await HttpTransport.fromKubeConfig(kc));
      const names = String(o.controllers)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && COMPONENT_NAMES.includes(s));
      try {
        await client.getPath('/version');
      } catch (e) {
        console.error(`error: cannot reach the cluster at ${kc.getCurrentCluster()?.server}: ${(e as Error).message}`);
        process.exit(1);
      }
      if (o.installCrds) log.info({ crds: await installCrds(client) }, 'CRDs installed');
      const cfg = { dataDir: '', apiPort: 0, nodes: 0, dnsPort: 0, timeScale: 1, imagePull: '0', containerStart: '0' };
      const components = await startNamedComponents(names, client, cfg, log);
      log.info({ cluster: kc.getCurrentCluster()?.server, controllers: components.map((c) => c.name) }, 'operator running');
      const stop = async (): Promise<void> => {
        for (const c of [...components].reverse()) await c.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
