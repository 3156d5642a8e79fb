// Re-captures the README walkthrough's output from a real run, for when the README has drifted:
// runs every command like test/e2e/readme-walkthrough.test.ts does, but at the default time scale
// (what `npm start` runs), and writes a copy of the README in which the output of each command
// that no longer matches is replaced by what it printed. Outputs that still match are kept as
// they are, so AGE values do not churn. Review the diff before taking it.
//
//   node --import tsx test/helpers/readme-capture.ts [out.md]   (README_TIME_SCALE=1 by default)

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSandbox } from './sandbox.js';
import { walkthroughBlocks, type ConsoleCommand } from './readme.js';
import { Bindings } from './readme-compare.js';
import { ROOT, runCommand, type RunContext } from './readme-run.js';

const out = process.argv[2] ?? join(ROOT, 'README.captured.md');
const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lines = text.split('\n');
const sb = await startTestSandbox({ timeScale: Number(process.env.README_TIME_SCALE ?? '1') });
const ctx: RunContext = { dataDir: sb.dataDir, dnsPort: sb.dnsPort, kubeconfig: sb.kubeconfig, bindings: new Bindings(), patienceMs: Number(process.env.README_PATIENCE_MS ?? '10000') };
const replacements: { c: ConsoleCommand; actual: string[] }[] = [];
try {
  for (const block of walkthroughBlocks(text)) {
    for (const c of block.commands) {
      const r = await runCommand(c, ctx);
      process.stderr.write(`${r.mismatch ? 'CHANGED' : 'ok     '} README.md:${c.line} $ ${c.command}\n`);
      if (r.mismatch) {
        process.stderr.write(r.mismatch.report.replace(/^/gm, '    ') + '\n');
        replacements.push({ c, actual: r.actual });
      }
    }
  }
} finally {
  await sb.stop();
}
// Bottom-up, so earlier line numbers stay valid.
for (const { c, actual } of replacements.reverse()) lines.splice(c.line, c.expected.length, ...actual);
writeFileSync(out, lines.join('\n'));
process.stderr.write(`${replacements.length} command output(s) re-captured into ${out}\n`);
