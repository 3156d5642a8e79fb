// `ordinal`: the command line. Subcommands live in their own files; this only assembles them.

import { Command } from 'commander';
import { upCommand } from './up.js';

const program = new Command();
program.name('ordinal').description('Stateful applications the Kubernetes way: a Kubernetes-compatible sandbox with StatefulSet and Advanced StatefulSet controllers').version('0.1.0');
program.addCommand(upCommand());
await program.parseAsync(process.argv);
