// `ordinal`: the command line. Subcommands live in their own files; this only assembles them.

import { Command } from 'commander';
import { upCommand } from './up.js';
import { statusCommand } from './status.js';
import { nodeCommand } from './node.js';
import { rolloutCommand } from './rollout/command.js';
import { operatorCommand } from './operator.js';

const program = new Command();
program.name('ordinal').description('Stateful applications the Kubernetes way: a Kubernetes-compatible sandbox with StatefulSet and Advanced StatefulSet controllers').version('0.1.0');
program.addCommand(upCommand());
program.addCommand(statusCommand());
program.addCommand(nodeCommand());
program.addCommand(rolloutCommand());
program.addCommand(operatorCommand());
await program.parseAsync(process.argv);
