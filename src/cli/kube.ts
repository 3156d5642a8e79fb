// Shared plumbing for the CLI commands that talk to a cluster (`status`, `node`, `rollout`): find
// the kubeconfig the way the user expects (--kubeconfig, then $KUBECONFIG, then the sandbox's
// ./.ordinal/kubeconfig), build an ApiClient over HTTPS from it, and turn failures into one-line
// messages that name the fix. Everything goes through the Kubernetes API, so these commands work
// against a real cluster as well as the sandbox.

import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { Command } from 'commander';
import { ApiError } from '../apimachinery/errors.js';
import { RestClient } from '../client/rest-client.js';
import type { Transport, TransportRequest, TransportResponse } from '../client/transport.js';

export const DEFAULT_KUBECONFIG = './.ordinal/kubeconfig';

/** A failure whose message already says what to do; printed as `error: <message>`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface KubeOptions {
  kubeconfig?: string;
  namespace?: string;
}

export interface Kube {
  client: RestClient;
  /** The kubeconfig file in use. */
  path: string;
  /** -n, else the kubeconfig context's namespace, else "default". */
  namespace: string;
  server: string;
}

/** Which kubeconfig file to use: the flag, else the first existing entry of $KUBECONFIG, else ./.ordinal/kubeconfig. */
export function resolveKubeconfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  if (flag) {
    if (!exists(flag)) throw new CliError(`kubeconfig ${flag} does not exist: pass the path \`ordinal up\` printed, or start the sandbox with \`ordinal up\``);
    return flag;
  }
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const found = fromEnv.find((p) => exists(p));
  if (found) return found;
  if (exists(DEFAULT_KUBECONFIG)) return resolve(DEFAULT_KUBECONFIG);
  const tried = [...fromEnv.map((p) => `$KUBECONFIG entry ${p}`), DEFAULT_KUBECONFIG].join(', ');
  throw new CliError(`no kubeconfig found (tried ${tried}): run \`ordinal up\` in this directory first, or pass --kubeconfig <file> (or set KUBECONFIG)`);
}

/** Loads the kubeconfig and builds a client for its current context. */
export async function connect(opts: KubeOptions): Promise<Kube> {
  const path = resolveKubeconfig(opts.kubeconfig);
  // Loaded here, not at the top: @kubernetes/client-node takes ~0.5 s to load, and `ordinal up`
  // (which imports every command's module) never needs it.
  const [{ KubeConfig }, { HttpTransport }] = await Promise.all([import('@kubernetes/client-node'), import('../client/http-transport.js')]);
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (e) {
    throw new CliError(`cannot read kubeconfig ${path}: ${(e as Error).message}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new CliError(`kubeconfig ${path} has no current context/cluster: pass another one with --kubeconfig`);
  const transport = new ExplainingTransport(await HttpTransport.fromKubeConfig(kc), cluster.server);
  const ctxNs = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { client: new RestClient(transport), path, namespace: opts.namespace || ctxNs || 'default', server: cluster.server };
}

/** Adds the options every cluster command shares. */
export function withKubeOptions(cmd: Command, namespaced = false): Command {
  cmd.option('--kubeconfig <file>', `kubeconfig to use (default: $KUBECONFIG, else ${DEFAULT_KUBECONFIG})`);
  if (namespaced) cmd.option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace, else "default")');
  return cmd;
}

/** `<resource>.<group> "<name>"` as kube-apiserver's messages spell it. */
export function qualifiedName(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** The one-line message for any failure, in kubectl's words where kubectl has them. */
export function describeError(e: unknown, server?: string): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof ApiError) {
    const s = e.status;
    if (s.code === 401) return `the API server rejected the credentials (401 Unauthorized): the kubeconfig is stale; use the one the running \`ordinal up\` wrote`;
    return `Error from server (${s.reason || 'InternalError'}): ${s.message}`;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ECONNREFUSED' || err?.code === 'ECONNRESET' || err?.code === 'EHOSTUNREACH') {
    return `cannot reach the API server${server ? ` at ${server}` : ''} (${err.code}): is \`ordinal up\` running? Start it, or pass --kubeconfig for another cluster`;
  }
  return err?.message ?? String(e);
}

/** Wraps a command action: prints `error: …` on failure and sets the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (e) {
      process.stderr.write(`error: ${describeError(e)}\n`);
      process.exitCode = e instanceof CliError ? e.exitCode : 1;
    }
  };
}

/** Turns "connection refused" and friends into a message that says where and what to do. */
class ExplainingTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly server: string,
  ) {}

  async request(req: TransportRequest): Promise<TransportResponse> {
    try {
      return await this.inner.request(req);
    } catch (e) {
      throw new CliError(describeError(e, this.server));
    }
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void {
    return this.inner.stream(req, onLine, (err) => onEnd(err && new CliError(describeError(err, this.server))));
  }
}
