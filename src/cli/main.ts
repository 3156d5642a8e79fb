// `ordinal`: the command line. Subcommands live in their own files (assembled in program.ts).
//
// Only light modules are imported statically: `ordinal up` first starts parsing the CRD manifests
// on a worker thread, then loads the rest of the program (~300 modules), so the two overlap.

import { prefetchCrds } from '../sandbox/bootstrap.js';

if (process.argv[2] === 'up') prefetchCrds();
const { program } = await import('./program.js');
await program().parseAsync(process.argv);
