// The garbage collector as a sandbox component; it runs in a worker of its own in the sandbox
// (isolated-starters.ts) and in-process in operator mode.

import { GarbageCollector } from '../controllers/garbagecollector/garbage-collector.js';
import type { Starter } from './components.js';

export const startGarbageCollector: Starter = async (client, _server, _cfg, log) => {
  const gc = new GarbageCollector(client, { logger: log.child({ component: 'garbage-collector' }) });
  await gc.start();
  return { name: 'garbage-collector', stop: () => gc.stop() };
};
