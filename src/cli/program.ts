// The `ordinal` command tree: every subcommand, assembled for main.ts.

import { Command } from 'commander';
import { upCommand } from './up.js';
import { statusCommand } from './status.js';
import { nodeCommand } from './node.js';
import { rolloutCommand } from './rollout/command.js';
import { operatorCommand } from './operator.js';

export function program(): Command {
  const p = new Command();
  p.name('ordinal').description('Stateful applications the Kubernetes way: a Kubernetes-compatible sandbox with StatefulSet and Advanced StatefulSet controllers').version('0.1.0');
  p.addCommand(upCommand());
  p.addCommand(statusCommand());
  p.addCommand(nodeCommand());
  p.addCommand(rolloutCommand());
  p.addCommand(operatorCommand());
  return p;
}
