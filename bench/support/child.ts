// Runs one benchmark in its own process (so RSS, timers and event-loop load of one benchmark never
// bleed into the next): `node --import tsx bench/support/child.ts <name> [--huge]`. Prints each
// figure as it is measured, plus a marker line run.ts collects.

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { FIGURE_MARK, type Benchmark } from './benchmark.js';
import { formatFigure } from './figures.js';
import { lowerHelperThreadPriority } from '../../src/util/helper-threads.js';
import { setHeapGrowthPercent } from '../../src/util/heap-growth.js';

// As `ordinal up` does (docs/adr/0008-helper-threads-yield.md): this process's garbage collections
// must not take the cores from the server it drives, nor from a sandbox it runs in-process.
lowerHelperThreadPriority();
// And as it does, let the heap grow before collecting: fewer full collections inside measured windows.
setHeapGrowthPercent();

const [name, ...rest] = process.argv.slice(2);
const mod = (await import(pathToFileURL(join(import.meta.dirname, '..', `${name}.ts`)).href)) as { default: Benchmark };
await mod.default.run({ huge: rest.includes('--huge') }, (f) => {
  process.stdout.write(`${formatFigure(f)}\n${FIGURE_MARK}${JSON.stringify(f)}\n`);
});
process.exit(0);
