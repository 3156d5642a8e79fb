// Simulated container logs for `kubectl logs` (and `--previous`): each container keeps its current
// and previous instance's lines (start, stop, probe verdicts, image), bounded so 100,000 pods stay
// cheap. The API server's pods/log subresource reads them through PodLogSource.

import { flat } from './strings.js';

export interface PodLogSource {
  /**
   * The log of one container, or undefined when the agent knows no such container. `previous`
   * asks for the last terminated instance (kubectl logs --previous).
   */
  getLogs(namespace: string, pod: string, container: string, previous?: boolean): string | undefined;
  /** Container names known for the pod (to pick the default container). */
  containers?(namespace: string, pod: string): string[] | undefined;
}

/** One container's log: the current instance's lines and the previous instance's (exact-size arrays, flat strings). */
class ContainerLog {
  current: readonly string[] = NO_LINES;
  previous: readonly string[] | undefined = undefined;
  constructor(readonly name: string) {}
}

const NO_LINES: readonly string[] = Object.freeze([]);
const MAX_LINES = 200;

export class PodLogStore implements PodLogSource {
  /** Per pod key, its containers' logs: an array, as pods have one or a few containers. */
  private pods = new Map<string, ContainerLog[]>();
  constructor(private readonly now: () => number) {}

  append(podKey: string, container: string, line: string): void {
    const log = this.entry(podKey, container);
    const text = flat(`${new Date(this.now()).toISOString()} ${line}`);
    // Appends copy into an exact-size array: a log gets a few lines per container instance, and
    // a growing array would hold room for 16 more per container of every pod.
    const keep = log.current.length >= MAX_LINES ? log.current.slice(log.current.length - MAX_LINES + 1) : log.current;
    log.current = keep.concat(text);
  }

  /** A new container instance: what was current becomes `previous` (only if it ever ran). */
  rotate(podKey: string, container: string): void {
    const log = this.entry(podKey, container);
    if (log.current.length) log.previous = log.current;
    log.current = NO_LINES;
  }

  forget(podKey: string): void {
    this.pods.delete(podKey);
  }

  getLogs(namespace: string, pod: string, container: string, previous = false): string | undefined {
    const log = this.pods.get(`${namespace}/${pod}`)?.find((l) => l.name === container);
    if (!log) return undefined;
    const lines = previous ? log.previous : log.current;
    if (!lines) return undefined;
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  containers(namespace: string, pod: string): string[] | undefined {
    return this.pods.get(`${namespace}/${pod}`)?.map((l) => l.name);
  }

  private entry(podKey: string, container: string): ContainerLog {
    const logs = this.pods.get(podKey);
    const found = logs?.find((l) => l.name === container);
    if (found) return found;
    const log = new ContainerLog(container);
    if (logs) logs.push(log);
    else this.pods.set(podKey, [log]);
    return log;
  }
}
