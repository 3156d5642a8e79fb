// `ordinal rollout status|history|undo`: the commander wiring; the work lives in status.ts and
// history.ts.

import { Command, InvalidArgumentError } from 'commander';
import { action, connect, withKubeOptions } from '../kube.js';
import { painter, parseDuration } from './format.js';
import { renderHistory, setHistory, undo } from './history.js';
import { PlainRenderer, TtyRenderer } from './render.js';
import { doneLine, followRollout, getSet } from './status.js';
import { parseTarget } from './target.js';

function duration(v: string): number {
  try {
    return parseDuration(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function revisionNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a revision number (see `ordinal rollout history`)');
  return n;
}

function statusCommand(): Command {
  const cmd = new Command('status')
    .argument('<set>', 'sts/NAME (apps/v1) or asts/NAME (apps.kruise.io Advanced StatefulSet)')
    .description('follow a rollout with a progress bar per revision and the controller events, until it completes')
    .option('--timeout <duration>', 'give up after this long (e.g. 5m); 0 waits forever', duration, 0);
  return withKubeOptions(cmd, true).action(
    action(async (setArg: string, o: { kubeconfig?: string; namespace?: string; timeout: number }) => {
      const kube = await connect(o);
      const tty = !!process.stdout.isTTY;
      const paint = painter(tty);
      const renderer = tty ? new TtyRenderer(process.stdout, paint) : new PlainRenderer((s) => process.stdout.write(s));
      const result = await followRollout(kube.client, parseTarget(setArg), { namespace: kube.namespace, timeoutMs: o.timeout, renderer, paint });
      process.stdout.write(doneLine(result) + '\n');
    }),
  );
}

function historyCommand(): Command {
  const cmd = new Command('history').argument('<set>', 'sts/NAME or asts/NAME').description('list the revisions (ControllerRevisions) of a set');
  return withKubeOptions(cmd, true).action(
    action(async (setArg: string, o: { kubeconfig?: string; namespace?: string }) => {
      const kube = await connect(o);
      const t = parseTarget(setArg);
      const set = await getSet(kube.client, t, kube.namespace);
      process.stdout.write(renderHistory(t, set, await setHistory(kube.client, set)));
    }),
  );
}

function undoCommand(): Command {
  const cmd = new Command('undo')
    .argument('<set>', 'sts/NAME or asts/NAME')
    .description("roll the set's pod template back to an earlier revision")
    .option('--to-revision <n>', 'the revision to roll back to; 0 means the previous one', revisionNumber, 0);
  return withKubeOptions(cmd, true).action(
    action(async (setArg: string, o: { kubeconfig?: string; namespace?: string; toRevision: number }) => {
      const kube = await connect(o);
      const t = parseTarget(setArg);
      const set = await getSet(kube.client, t, kube.namespace);
      process.stdout.write(`${t.display} ${await undo(kube.client, t, set, o.toRevision)}\n`);
    }),
  );
}

export function rolloutCommand(): Command {
  return new Command('rollout').description('follow, list and undo StatefulSet rollouts').addCommand(statusCommand()).addCommand(historyCommand()).addCommand(undoCommand());
}
