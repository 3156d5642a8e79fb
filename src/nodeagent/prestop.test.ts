// Table-driven tests for reading a preStop hook's duration from a container spec.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preStopMillis } from './prestop.js';

test('preStopMillis reads sleep actions and exec sleeps', () => {
  const cases: Array<[string, any, number]> = [
    ['no lifecycle', {}, 0],
    ['sleep action', { lifecycle: { preStop: { sleep: { seconds: 5 } } } }, 5000],
    ['exec sleep', { lifecycle: { preStop: { exec: { command: ['sleep', '40'] } } } }, 40_000],
    ['exec /bin/sleep with suffix', { lifecycle: { preStop: { exec: { command: ['/bin/sleep', '2m'] } } } }, 120_000],
    ['sh -c with sleep', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'nginx -s quit; sleep 3'] } } } }, 3000],
    ['sh -c without sleep', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'nginx -s quit'] } } } }, 0],
    ['other command', { lifecycle: { preStop: { exec: { command: ['zkServer.sh', 'stop'] } } } }, 0],
    ['httpGet', { lifecycle: { preStop: { httpGet: { path: '/quit', port: 80 } } } }, 0],
    ['bad sleep argument', { lifecycle: { preStop: { exec: { command: ['sleep', 'infinity'] } } } }, 0],
  ];
  for (const [name, spec, want] of cases) assert.equal(preStopMillis(spec), want, name);
});
