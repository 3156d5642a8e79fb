// The components the sandbox runs in an isolate of their own (isolated-component.ts), each with
// its starter in a module of its own: a worker loads only what its component needs, not the whole
// sandbox (the scheduler, the node agents, DNS, ...). The sandbox's in-process list
// (components.ts) uses the same starters, so operator mode runs them unchanged.

import type { Starter } from './components.js';

export const ISOLATED_STARTERS: Readonly<Record<string, () => Promise<Starter>>> = {
  'garbage-collector': async () => (await import('./garbage-collector-starter.js')).startGarbageCollector,
};
