// Runs one sandbox component in a worker thread of its own, a V8 isolate with its own heap and
// its own garbage collections, as kube-controller-manager is a process apart from kube-apiserver.
// It reaches the API server through the Kubernetes API only, over a MessagePort
// (src/client/port-transport.ts) that carries what HTTP would. This is for a component whose
// cache holds something of every stored object, the garbage collector above all: in the API
// server's heap, its cache made a full collection after 50,000 ConfigMaps take 52 ms instead of
// 27 ms, and every request waiting meanwhile pays for it
// (docs/adr/0012-collector-in-its-own-isolate.md).
//
// The component's log lines come back to this thread and go out through the sandbox's logger, so
// the format (text or JSON), the level and a silenced logger apply to them as to any other.

import pino, { type Level, type Logger } from 'pino';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { ApiRequest, ApiResponse } from '../apiserver/request.js';
import { servePort } from '../client/port-transport.js';
import { startModuleWorker } from '../util/module-worker.js';
import type { Component, SandboxConfig } from './components.js';

/** What the worker is told: plain data only (it is copied into the other isolate). */
export interface IsolatedComponentData {
  name: string;
  config: SandboxConfig;
  logLevel: string;
  /** The worker's end of the API channel. */
  api: MessagePort;
}

/** Messages from the worker (component-worker.ts). */
export type FromComponentWorker = { started: true } | { stopped: true } | { failed: string } | { log: string };

/** Re-emits one of the worker's pino lines through this thread's logger, at its level. */
function relayLog(log: Logger, line: string): void {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    log.warn({ line }, 'unreadable log line from an isolated component');
    return;
  }
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = rec;
  const label = (pino.levels.labels[level as number] ?? 'info') as Level;
  log[label](fields, typeof msg === 'string' ? msg : '');
}

/**
 * Starts component `name` in its own worker and returns at once: like kube-controller-manager
 * beside kube-apiserver, it catches up with whatever was written before it came up (its informers
 * list first), and the worker's module loading stays off the sandbox's start. A failure to start,
 * or a crash later, is logged as an error.
 */
export function startIsolatedComponent(name: string, config: SandboxConfig, handle: (req: ApiRequest) => Promise<ApiResponse>, log: Logger): Component {
  const channel = new MessageChannel();
  const api = servePort(channel.port1, handle);
  const data: IsolatedComponentData = { name, config, logLevel: log.level, api: channel.port2 };
  const worker: Worker = startModuleWorker(import.meta.url, 'component-worker', { ...data }, [channel.port2]);
  /** Started in its worker, and neither stopped nor gone since. */
  let running = false;
  let onStopped: (() => void) | undefined;
  worker.on('message', (m: FromComponentWorker) => {
    if ('log' in m) relayLog(log, m.log);
    else if ('started' in m) running = true;
    else if ('stopped' in m) onStopped?.();
    else log.error({ component: name }, `isolated component failed to start: ${m.failed}`);
  });
  worker.on('error', (err) => log.error({ err, component: name }, running ? 'isolated component crashed' : 'isolated component failed to start'));
  worker.on('exit', () => {
    running = false;
    api.close();
    onStopped?.();
  });

  /** Asks a running component to stop as it would in-process (5 s at most), then ends the worker. */
  const stop = async (): Promise<void> => {
    if (running) {
      const stopped = new Promise<void>((resolve) => {
        onStopped = resolve;
        setTimeout(resolve, 5000).unref();
      });
      worker.postMessage('stop');
      await stopped;
    }
    running = false;
    await worker.terminate();
    api.close();
  };
  return { name, stop };
}
