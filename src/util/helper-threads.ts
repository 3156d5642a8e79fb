// V8 marks, sweeps and compacts the heap, and compiles hot functions, on the helper threads of
// Node's platform (4 by default); libuv's pool (4 more) runs asynchronous file system work. Under
// load they compete with the event loop for the cores: a full collection of a heap holding tens of
// thousands of stored objects runs every helper at once and, on a 2-core machine, takes both cores
// from the request path for 100 ms or more. Go's runtime caps its collector at a quarter of the CPU
// (kube-apiserver gets that for free); V8 has no such cap. A lower scheduling priority for these
// threads (a higher nice value) lets them run on idle CPU first, and they still run, so collections
// finish: they only stop taking turns from the threads that answer requests.

import { readdirSync } from 'node:fs';
import os from 'node:os';

/** nice 10: a CFS weight about a tenth of a normal thread's. */
export const HELPER_THREAD_NICE = 10;

/**
 * Lowers to `nice` the priority of every thread of this process except the main one (Linux; a
 * no-op elsewhere), and returns how many it lowered. Call it before starting worker threads: a
 * thread inherits its creator's priority, so workers started afterwards by the main thread keep the
 * normal one. Never raises a priority (that needs privileges, and a user who ran us under `nice`
 * meant it).
 */
export function lowerHelperThreadPriority(nice = HELPER_THREAD_NICE): number {
  if (process.platform !== 'linux') return 0;
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    return 0;
  }
  let lowered = 0;
  for (const tid of tids) {
    if (tid === process.pid) continue;
    try {
      // On Linux, setpriority(PRIO_PROCESS, tid) sets one thread's nice value.
      if (os.getPriority(tid) >= nice) continue;
      os.setPriority(tid, nice);
      lowered++;
    } catch {
      /* the thread ended meanwhile, or the system refuses: run as we are */
    }
  }
  return lowered;
}
