// Simulated container logs for `kubectl logs` (and `--previous`): each container keeps its current
// and previous instance's lines (start, stop, probe verdicts, image), bounded so 100,000 pods stay
// cheap. The API server's pods/log subresource reads them through PodLogSource.

export interface PodLogSource {
  /**
   * The log of one container, or undefined when the agent knows no such container. `previous`
   * asks for the last terminated instance (kubectl logs --previous).
   */
  getLogs(namespace: string, pod: string, container: string, previous?: boolean): string | undefined;
  /** Container names known for the pod (to pick the default container). */
  containers?(namespace: string, pod: string): string[] | undefined;
}

interface ContainerLog {
  current: string[];
  previous?: string[];
}

const MAX_LINES = 200;

export class PodLogStore implements PodLogSource {
  private pods = new Map<string, Map<string, ContainerLog>>();
  constructor(private readonly now: () => number) {}

  append(podKey: string, container: string, line: string): void {
    const log = this.entry(podKey, container);
    log.current.push(`${new Date(this.now()).toISOString()} ${line}`);
    if (log.current.length > MAX_LINES) log.current.splice(0, log.current.length - MAX_LINES);
  }

  /** A new container instance: what was current becomes `previous` (only if it ever ran). */
  rotate(podKey: string, container: string): void {
    const log = this.entry(podKey, container);
    if (log.current.length) log.previous = log.current;
    log.current = [];
  }

  forget(podKey: string): void {
    this.pods.delete(podKey);
  }

  getLogs(namespace: string, pod: string, container: string, previous = false): string | undefined {
    const log = this.pods.get(`${namespace}/${pod}`)?.get(container);
    if (!log) return undefined;
    const lines = previous ? log.previous : log.current;
    if (!lines) return undefined;
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  containers(namespace: string, pod: string): string[] | undefined {
    const m = this.pods.get(`${namespace}/${pod}`);
    return m ? [...m.keys()] : undefined;
  }

  private entry(podKey: string, container: string): ContainerLog {
    let m = this.pods.get(podKey);
    if (!m) this.pods.set(podKey, (m = new Map()));
    let log = m.get(container);
    if (!log) m.set(container, (log = { current: [] }));
    return log;
  }
}
