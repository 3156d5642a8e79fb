// Starts a worker thread on one of our own modules. The entry is a two-line CommonJS bootstrap that
// imports the module (registering tsx first when we run from the TypeScript sources, as tests and
// ORDINAL_FROM_SOURCE do), so the same call works from dist/ and from src/.

import { Worker, type TransferListItem } from 'node:worker_threads';

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.__tsx) (await import(workerData.__tsx)).register();
  await import(workerData.__entry);
})().catch((e) => { setImmediate(() => { throw e; }); });`;

/**
 * Runs module `name` (a sibling of the module whose `import.meta.url` is `from`, without
 * extension) in a new worker; it reads `data` as its workerData.
 */
export function startModuleWorker(from: string, name: string, data: Record<string, unknown>, transferList: TransferListItem[] = []): Worker {
  const fromSource = from.endsWith('.ts');
  const __entry = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, from).href;
  const __tsx = fromSource ? import.meta.resolve('tsx/esm/api') : '';
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, __entry, __tsx }, transferList });
}
