// The machine's state while a benchmark runs: other work on the same cores skews every figure, so
// benchmarks print the load average next to what they measured.

import os from 'node:os';

export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `load average ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min) on ${os.cpus().length} cores`;
}
