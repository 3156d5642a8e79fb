// The reconcile loop: N workers take keys from a WorkQueue and call a Reconciler. What happens to
// the key afterwards is decided in ONE place (`queueActionFor` + the switch in `handle`), so the
// contract in contracts.ts (ok → forget; requeueAfterMs → forget + addAfter; TerminalError → forget
// and log; any other error → rate-limited retry and log) cannot drift between controllers.

import { TerminalError, type Reconciler, type Result, type WorkQueue } from './contracts.js';
import { silentLogger, type Logger } from './logger.js';

export interface RunControllerOptions {
  name: string;
  queue: WorkQueue;
  reconciler: Reconciler;
  workers?: number;
  logger?: Logger;
}

export interface RunningController {
  /** Shuts the queue down and resolves once every worker has finished its current key. */
  stop(): Promise<void>;
  /** Settles when all workers have exited. */
  readonly done: Promise<void>;
}

export type QueueAction =
  | { kind: 'forget' }
  | { kind: 'requeueAfter'; ms: number }
  | { kind: 'terminal'; error: unknown }
  | { kind: 'rateLimited'; error: unknown };

/** Maps a reconcile outcome to what the queue must do with the key. */
export function queueActionFor(result: Result | void, error: unknown, failed: boolean): QueueAction {
  if (failed) return error instanceof TerminalError ? { kind: 'terminal', error } : { kind: 'rateLimited', error };
  const after = result?.requeueAfterMs;
  if (after !== undefined && after > 0) return { kind: 'requeueAfter', ms: after };
  return { kind: 'forget' };
}

export function runController(opts: RunControllerOptions): RunningController {
  const { name, queue, reconciler } = opts;
  const log = (opts.logger ?? silentLogger).child({ controller: name });
  let stopping = false;
  let reconcileId = 0;

  async function handle(key: string): Promise<void> {
    const id = ++reconcileId;
    let result: Result | void = undefined;
    let error: unknown;
    let failed = false;
    try {
      result = await reconciler.reconcile(key);
    } catch (e) {
      error = e;
      failed = true;
    }
    const action = queueActionFor(result, error, failed);
    switch (action.kind) {
      case 'forget':
        queue.forget(key);
        break;
      case 'requeueAfter':
        queue.forget(key);
        queue.addAfter(key, action.ms);
        break;
      case 'terminal':
        queue.forget(key);
        log.error({ key, reconcileId: id, err: action.error }, 'reconcile failed permanently; not retrying');
        break;
      case 'rateLimited':
        queue.addRateLimited(key);
        log.error({ key, reconcileId: id, err: action.error, requeues: queue.numRequeues(key) }, 'reconcile failed; retrying');
        break;
    }
  }

  async function worker(): Promise<void> {
    while (!stopping) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await handle(key);
      } finally {
        queue.done(key);
      }
    }
  }

  const n = Math.max(1, opts.workers ?? 1);
  const done = Promise.all(Array.from({ length: n }, () => worker())).then(() => undefined);
  log.debug({ workers: n }, 'controller started');
  return {
    done,
    async stop() {
      stopping = true;
      queue.shutDown();
      await done;
    },
  };
}
