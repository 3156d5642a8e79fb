// The node agent's side of pods/exec and pods/attach: validates the request the way
// kube-apiserver and the kubelet do, then runs the simulated shell for the container. There are no
// real containers in the sandbox, so every container answers with the same small busybox-like
// shell (see README.md here for the supported commands).
//
// Attach connects to the container's main process. When that process is a shell fed by the
// client (`kubectl run -i --tty ... /bin/sh`), the session is that shell; when it exits the
// container exits too: the pod is annotated with sim.ordinal.dev/exit-code (and run-for 0s), the
// node agent's usual way to simulate a container that ends, so restartPolicy Never pods complete.

import { errors, isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ExecHandler, StreamIO, StreamRequest, StreamSession } from '../../apiserver/streaming/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { ANN } from '../annotations.js';
import { udpDnsQuery, type DnsQuery } from './dns-client.js';
import { containerEnv } from './environment.js';
import { isShell } from './interpreter.js';
import type { LookupEnv } from './nslookup.js';
import { hostsFile, parseHosts, resolverConfig } from './pod-files.js';
import { runProcess } from './process.js';
import type { ShellState } from './state.js';

export interface ExecHandlerOptions {
  client: ApiClient;
  /** The sandbox's cluster DNS port on dnsHost (what the kube-dns ClusterIP stands for). */
  dnsPort: number;
  dnsHost?: string;
  logger?: Logger;
  now?: () => Date;
}

export const DEFAULT_CLUSTER_DNS_IP = '10.96.0.10';

interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  stdin?: boolean;
  workingDir?: string;
}

interface ContainerStatus {
  name: string;
  state?: { running?: unknown };
}

/** Images whose default command is a shell (busybox's CMD is "sh"). */
const SHELL_IMAGES = /(^|\/)(busybox|alpine|ubuntu|debian|centos|fedora)(:|@|$)/;

/** The argv of the container's main process (command + args, or the image's default). */
export function mainProcess(c: ContainerSpec): string[] {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length) return argv;
  return SHELL_IMAGES.test(c.image ?? '') ? ['sh'] : [];
}

function pickContainer(pod: KubeObject, requested: string): ContainerSpec {
  const containers = ((pod.spec as { containers?: ContainerSpec[] } | undefined)?.containers ?? []);
  const name = pod.metadata.name!;
  if (!requested) {
    if (containers.length === 1) return containers[0];
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
  }
  const c = containers.find((x) => x.name === requested);
  if (!c) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return c;
}

function checkRunning(pod: KubeObject, container: string): void {
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: ContainerStatus[] };
  if (!spec.nodeName) throw errors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  if (status.phase === 'Succeeded' || status.phase === 'Failed') {
    throw errors.badRequest(`cannot exec into a container in a completed pod; current phase is ${status.phase}`);
  }
  const cs = status.containerStatuses?.find((s) => s.name === container);
  if (!cs?.state?.running) throw errors.badRequest(`container not found ("${container}")`);
}

export function createExecHandler(opts: ExecHandlerOptions): ExecHandler {
  const log = opts.logger ?? silentLogger;
  const dns: DnsQuery = udpDnsQuery(opts.dnsHost ?? '127.0.0.1', opts.dnsPort);
  const client = opts.client;

  const dnsIp = async (): Promise<string> => {
    try {
      const svc = await client.get(at(R.services, 'kube-system', 'kube-dns'));
      return ((svc.spec ?? {}) as { clusterIP?: string }).clusterIP || DEFAULT_CLUSTER_DNS_IP;
    } catch (e) {
      if (!isNotFound(e)) log.debug({ err: e }, 'reading kube-dns Service failed');
      return DEFAULT_CLUSTER_DNS_IP;
    }
  };

  const services = async (ns: string): Promise<KubeObject[]> => {
    const [own, dflt] = await Promise.all([client.list(at(R.services, ns)), ns === 'default' ? undefined : client.list(at(R.services, 'default'))]);
    return [...own.items, ...(dflt?.items ?? [])];
  };

  const shellState = async (pod: KubeObject, c: ContainerSpec, tty: boolean): Promise<ShellState> => {
    const ip = await dnsIp();
    let lookup: LookupEnv | undefined;
    const cwd = c.workingDir || '/';
    const vars = containerEnv(pod, c.name, await services(pod.metadata.namespace!), tty);
    vars.set('PWD', cwd);
    return {
      pod, container: c.name, vars, cwd, lastStatus: 0,
      signal: new AbortController().signal,
      lookup: async () => (lookup ??= { resolver: resolverConfig(pod, ip), hosts: parseHosts(hostsFile(pod)), dns }),
      dnsIp: async () => ip,
      now: opts.now ?? (() => new Date()),
    };
  };

  const markExited = async (pod: KubeObject, code: number): Promise<void> => {
    const patch = { metadata: { annotations: { [ANN.exitCode]: String(code), [ANN.runFor]: '0s' } } };
    try {
      await client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name), 'merge', patch);
    } catch (e) {
      if (!isNotFound(e)) log.warn({ err: e, pod: pod.metadata.name }, 'could not mark the attached process as exited');
    }
  };

  const attachSession = (pod: KubeObject, c: ContainerSpec, req: StreamRequest): StreamSession => ({
    run: async (io: StreamIO) => {
      const argv = mainProcess(c);
      if (!isShell(argv[0]) || !c.stdin || !req.stdin) {
        // Nothing to talk to: stay attached until the client leaves, as to a quiet process.
        await new Promise<void>((resolve) => io.closed.addEventListener('abort', () => resolve(), { once: true }));
        return 0;
      }
      const sh = await shellState(pod, c, req.tty);
      sh.signal = io.closed;
      const code = await runProcess({ argv, sh, io, stdin: true });
      if (!io.closed.aborted) await markExited(pod, code);
      return code;
    },
  });

  return {
    async prepare(req: StreamRequest): Promise<StreamSession> {
      const pod = await client.get(at(R.pods, req.namespace, req.pod));
      const c = pickContainer(pod, req.container);
      checkRunning(pod, c.name);
      if (req.kind === 'attach') return attachSession(pod, c, req);
      return {
        run: async (io: StreamIO) => {
          const sh = await shellState(pod, c, req.tty);
          sh.signal = io.closed;
          return runProcess({ argv: req.command, sh, io, stdin: req.stdin });
        },
      };
    },
  };
}
