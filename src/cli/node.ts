// `ordinal node add|remove|stop|start`: change the simulated machines of a running sandbox, purely
// through the Kubernetes API so `kubectl` can do the same. The sandbox's node agents watch Nodes:
// one created with the label node.ordinal.dev/simulated=true gets an agent (which completes its
// labels, pod CIDR and status and keeps its Lease), one deleted loses it; the annotation
// sim.ordinal.dev/down=true silences a node's heartbeats as if it lost power.

import { Command } from 'commander';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import { action, CliError, connect, withKubeOptions } from './kube.js';
import { formatDuration, parseDuration } from './rollout/format.js';

export const SIMULATED_LABEL = 'node.ordinal.dev/simulated';
export const DOWN_ANNOTATION = 'sim.ordinal.dev/down';

const isSimulated = (n: KubeObject) => n.metadata.labels?.[SIMULATED_LABEL] === 'true';
const isReady = (n: KubeObject) => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** The lowest node-N not taken (node agents name their initial nodes node-0, node-1, ...). */
export function nextNodeName(existing: string[]): string {
  const taken = new Set(existing);
  let i = 0;
  while (taken.has(`node-${i}`)) i++;
  return `node-${i}`;
}

/** The Node an agent will adopt: only name and label; the agent fills in the rest as kubelet would. */
export function simulatedNode(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [SIMULATED_LABEL]: 'true' } } };
}

async function getNode(client: ApiClient, name: string): Promise<KubeObject> {
  return client.get(at(R.nodes, undefined, name));
}

async function waitFor(client: ApiClient, name: string, timeoutMs: number, cond: (n: KubeObject) => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const n = await getNode(client, name).catch(() => undefined);
    if (n && cond(n)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function requireSimulated(node: KubeObject, verb: string, force?: boolean): void {
  if (isSimulated(node) || force) return;
  throw new CliError(`node "${node.metadata.name}" is not a simulated node (no ${SIMULATED_LABEL}=true label): refusing to ${verb} it; pass --force to do it anyway`);
}

async function add(client: ApiClient, name: string | undefined, o: { wait: boolean; timeout: string }): Promise<number> {
  const nodeName = name ?? nextNodeName((await client.list(R.nodes)).items.map((n) => n.metadata.name!));
  const t0 = Date.now();
  await client.create(R.nodes, simulatedNode(nodeName));
  process.stdout.write(`node/${nodeName} created\n`);
  if (!o.wait) return 0;
  if (await waitFor(client, nodeName, parseDuration(o.timeout), isReady)) {
    process.stdout.write(`node/${nodeName} is Ready (${formatDuration(Date.now() - t0)})\n`);
    return 0;
  }
  throw new CliError(`node/${nodeName} was created but did not become Ready within ${o.timeout}: no Ordinal node agent adopted it (is this cluster an \`ordinal up\` sandbox?)`);
}

async function remove(client: ApiClient, name: string, o: { force?: boolean }): Promise<number> {
  requireSimulated(await getNode(client, name), 'remove', o.force);
  await client.delete(at(R.nodes, undefined, name));
  process.stdout.write(`node "${name}" deleted\n`);
  const bound = (await client.list(R.pods, { fieldSelector: `spec.nodeName=${name}` })).items.filter((p) => !p.metadata.deletionTimestamp);
  if (bound.length) {
    process.stdout.write(`${bound.length} pod(s) are still bound to it: ${bound.slice(0, 5).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}${bound.length > 5 ? ', ...' : ''}\n`);
  }
  return 0;
}

async function setDown(client: ApiClient, name: string, down: boolean, o: { force?: boolean }): Promise<number> {
  const node = await getNode(client, name);
  requireSimulated(node, down ? 'stop' : 'start', o.force);
  const already = (node.metadata.annotations?.[DOWN_ANNOTATION] === 'true') === down;
  if (!already) await client.patch(at(R.nodes, undefined, name), 'merge', { metadata: { annotations: { [DOWN_ANNOTATION]: down ? 'true' : null } } });
  const what = down ? 'stopped: heartbeats and pod status reports stop; after the node monitor grace period it turns NotReady and is tainted unreachable' : 'started: heartbeats resume and its taints are cleared';
  process.stdout.write(`node/${name} ${already ? `was already ${down ? 'stopped' : 'running'}` : what}\n`);
  return 0;
}

export function nodeCommand(): Command {
  const node = new Command('node').description('add, remove, stop or start simulated nodes (through the API)');
  withKubeOptions(node.command('add [name]').description('register a new simulated node (default name: the next free node-N)'))
    .option('--no-wait', 'return once the Node is created instead of waiting for it to be Ready')
    .option('--timeout <duration>', 'how long to wait for Ready', '30s')
    .action(action(async (name: string | undefined, o) => add((await connect(o)).client, name, o)));
  withKubeOptions(node.command('remove <name>').description('delete a simulated node; its agent stops'))
    .option('--force', 'also delete a node that is not simulated')
    .action(action(async (name: string, o) => remove((await connect(o)).client, name, o)));
  withKubeOptions(node.command('stop <name>').description(`power a node off (annotation ${DOWN_ANNOTATION}=true)`))
    .option('--force', 'annotate a node that is not simulated')
    .action(action(async (name: string, o) => setDown((await connect(o)).client, name, true, o)));
  withKubeOptions(node.command('start <name>').description(`power a stopped node on again (removes ${DOWN_ANNOTATION})`))
    .option('--force', 'annotate a node that is not simulated')
    .action(action(async (name: string, o) => setDown((await connect(o)).client, name, false, o)));
  return node;
}
