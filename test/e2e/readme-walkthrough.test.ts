// The README's walkthrough, run: every `$ command` of its console blocks against one fresh
// sandbox, in order, with the printed output held to what the README shows (volatile values
// aside: see test/helpers/readme-compare.ts). If this fails, the README has drifted from the
// truth: re-capture the output from a real run (`ordinal up` at the default time scale) rather
// than loosening the comparison. Set README_TIME_SCALE to run slower or faster.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';
import { walkthroughBlocks, type ConsoleBlock } from '../helpers/readme.js';
import { Bindings } from '../helpers/readme-compare.js';
import { ROOT, runCommand, type RunContext } from '../helpers/readme-run.js';

const TIME_SCALE = Number(process.env.README_TIME_SCALE ?? '0.25');
const blocks = walkthroughBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

function failure(block: ConsoleBlock, index: number, ran: string, report: string): Error {
  const c = block.commands[index];
  const adapted = ran === c.command ? '' : `\n  (run as: ${ran})`;
  return new Error(`README.md:${c.line} (${block.heading}) no longer tells the truth:\n$ ${c.command}${adapted}\n${report}`);
}

describe('README walkthrough', { timeout: 240_000 }, () => {
  let sb: TestSandbox;
  let ctx: RunContext;
  let broken = false;

  sandboxPerSuite({ timeScale: TIME_SCALE }, (started) => {
    sb = started;
    ctx = { dataDir: sb.dataDir, dnsPort: sb.dnsPort, kubeconfig: sb.kubeconfig, bindings: new Bindings(), patienceMs: 30_000 };
  });

  it('has a walkthrough to run', () => {
    assert.ok(blocks.length >= 8, `only ${blocks.length} console blocks found`);
  });

  for (const block of blocks) {
    it(`README.md:${block.line} ${block.heading}`, async (t) => {
      if (broken) return t.skip('an earlier block failed; the rest depends on it');
      for (let i = 0; i < block.commands.length; i++) {
        const r = await runCommand(block.commands[i], ctx);
        if (r.mismatch) {
          broken = true;
          throw failure(block, i, r.ran, r.mismatch.report);
        }
      }
    });
  }
});
