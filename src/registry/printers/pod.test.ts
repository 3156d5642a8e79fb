import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { podPrinter, podSummary } from './pod.js';

const NOW = new Date('2024-01-01T00:10:00Z');
const CREATED = '2024-01-01T00:00:00Z';
const FIVE_S_AGO = '2024-01-01T00:09:55Z';

const running = { running: { startedAt: CREATED } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (exitCode: number, reason?: string, signal?: number) => ({ terminated: { exitCode, reason, signal } });

function pod(opts: { spec?: any; status?: any; deletionTimestamp?: string }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: CREATED, deletionTimestamp: opts.deletionTimestamp },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...opts.spec },
    status: opts.status ?? {},
  };
}

const cs = (state: object, extra: object = {}) => ({ name: 'app', ready: false, restartCount: 0, state, ...extra });

test('pod READY / STATUS / RESTARTS as printers.go computes them', () => {
  const twoContainers = { containers: [{ name: 'a' }, { name: 'b' }] };
  const init1 = { initContainers: [{ name: 'init' }] };
  const cases: [string, KubeObject, string, string, string][] = [
    ['pending, nothing reported', pod({ status: { phase: 'Pending' } }), '0/1', 'Pending', '0'],
    ['container creating', pod({ status: { phase: 'Pending', containerStatuses: [cs(waiting('ContainerCreating'))] } }), '0/1', 'ContainerCreating', '0'],
    ['running and ready', pod({ status: { phase: 'Running', containerStatuses: [cs(running, { ready: true })] } }), '1/1', 'Running', '0'],
    ['running, not ready', pod({ status: { phase: 'Running', containerStatuses: [cs(running)] } }), '0/1', 'Running', '0'],
    [
      'crash loop with restart age',
      pod({ status: { phase: 'Running', containerStatuses: [cs(waiting('CrashLoopBackOff'), { restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: FIVE_S_AGO } } })] } }),
      '0/1',
      'CrashLoopBackOff',
      '5 (5s ago)',
    ],
    ['restarts without finish time', pod({ status: { phase: 'Running', containerStatuses: [cs(running, { ready: true, restartCount: 2 })] } }), '1/1', 'Running', '2'],
    ['image pull error', pod({ status: { phase: 'Pending', containerStatuses: [cs(waiting('ErrImagePull'))] } }), '0/1', 'ErrImagePull', '0'],
    ['image pull back-off', pod({ status: { phase: 'Pending', containerStatuses: [cs(waiting('ImagePullBackOff'))] } }), '0/1', 'ImagePullBackOff', '0'],
    ['completed', pod({ status: { phase: 'Succeeded', containerStatuses: [cs(terminated(0, 'Completed'))] } }), '0/1', 'Completed', '0'],
    ['error', pod({ status: { phase: 'Failed', containerStatuses: [cs(terminated(1, 'Error'))] } }), '0/1', 'Error', '0'],
    ['exit code without reason', pod({ status: { phase: 'Failed', containerStatuses: [cs(terminated(137))] } }), '0/1', 'ExitCode:137', '0'],
    ['signal without reason', pod({ status: { phase: 'Failed', containerStatuses: [cs(terminated(0, undefined, 9))] } }), '0/1', 'Signal:9', '0'],
    ['evicted', pod({ status: { phase: 'Failed', reason: 'Evicted' } }), '0/1', 'Evicted', '0'],
    [
      'init running',
      pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: running }], containerStatuses: [cs(waiting('PodInitializing'))] } }),
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'init waiting PodInitializing counts as running',
      pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: waiting('PodInitializing') }] } }),
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'second init container running',
      pod({
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: terminated(0, 'Completed') }, { name: 'i2', state: running }] },
      }),
      '0/1',
      'Init:1/2',
      '0',
    ],
    [
      'init crash loop',
      pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 3, state: waiting('CrashLoopBackOff') }] } }),
      '0/1',
      'Init:CrashLoopBackOff',
      '3',
    ],
    ['init error', pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: terminated(1, 'Error') }] } }), '0/1', 'Init:Error', '0'],
    ['init exit code', pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: terminated(2) }] } }), '0/1', 'Init:ExitCode:2', '0'],
    ['init signal', pod({ spec: init1, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: terminated(1, '', 15) }] } }), '0/1', 'Init:Signal:15', '0'],
    [
      'init done, main running',
      pod({
        spec: init1,
        status: { phase: 'Running', initContainerStatuses: [{ name: 'init', state: terminated(0, 'Completed') }], containerStatuses: [cs(running, { ready: true })] },
      }),
      '1/1',
      'Running',
      '0',
    ],
    ['terminating', pod({ deletionTimestamp: NOW.toISOString(), status: { phase: 'Running', containerStatuses: [cs(running, { ready: true })] } }), '1/1', 'Terminating', '0'],
    ['terminating but already succeeded', pod({ deletionTimestamp: NOW.toISOString(), status: { phase: 'Succeeded', containerStatuses: [cs(terminated(0, 'Completed'))] } }), '0/1', 'Completed', '0'],
    ['node lost', pod({ status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs(running, { ready: true })] } }), '1/1', 'NodeLost', '0'],
    ['node lost and deleting', pod({ deletionTimestamp: NOW.toISOString(), status: { phase: 'Running', reason: 'NodeLost' } }), '0/1', 'Unknown', '0'],
    [
      'scheduling gated',
      pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
      '0/1',
      'SchedulingGated',
      '0',
    ],
    [
      'completed next to running, pod Ready',
      pod({
        spec: twoContainers,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            { name: 'a', ready: true, state: running },
            { name: 'b', ready: false, state: terminated(0, 'Completed') },
          ],
        },
      }),
      '1/2',
      'Running',
      '0',
    ],
    [
      'completed next to running, pod not Ready',
      pod({
        spec: twoContainers,
        status: {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: true, state: running },
            { name: 'b', ready: false, state: terminated(0, 'Completed') },
          ],
        },
      }),
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'first container decides the reason',
      pod({
        spec: twoContainers,
        status: {
          phase: 'Pending',
          containerStatuses: [
            { name: 'a', state: waiting('ErrImagePull') },
            { name: 'b', ready: true, state: running },
          ],
        },
      }),
      '1/2',
      'ErrImagePull',
      '0',
    ],
    [
      'sidecar init container counts as a container',
      pod({
        spec: { initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [{ name: 'side', started: true, ready: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: FIVE_S_AGO } } }],
          containerStatuses: [cs(running, { ready: true, restartCount: 2 })],
        },
      }),
      '2/2',
      'Running',
      '3 (5s ago)',
    ],
  ];
  for (const [name, p, ready, status, restarts] of cases) {
    assert.deepEqual(podSummary(p, NOW), { ready, status, restarts }, name);
  }
});

test('pod row cells, wide columns and row conditions', () => {
  assert.deepEqual(
    podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ],
  );
  const cases: [KubeObject, unknown[]][] = [
    [pod({ status: { phase: 'Pending' } }), ['web-0', '0/1', 'Pending', '0', '10m', '<none>', '<none>', '<none>', '<none>']],
    [
      pod({
        spec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'a' }, { conditionType: 'b' }] },
        status: {
          phase: 'Running',
          podIP: '10.0.0.9',
          podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
          nominatedNodeName: 'node-2',
          conditions: [
            { type: 'a', status: 'True' },
            { type: 'b', status: 'False' },
          ],
          containerStatuses: [cs(running, { ready: true })],
        },
      }),
      ['web-0', '1/1', 'Running', '0', '10m', '10.0.0.5', 'node-1', 'node-2', '1/2'],
    ],
    [pod({ status: { phase: 'Running', podIP: '10.0.0.9' } }), ['web-0', '0/1', 'Running', '0', '10m', '10.0.0.9', '<none>', '<none>', '<none>']],
  ];
  for (const [p, cells] of cases) assert.deepEqual(podPrinter.row(p, NOW), cells);
  assert.deepEqual(podPrinter.conditions?.(pod({ status: { phase: 'Succeeded' } })), [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  assert.equal(podPrinter.conditions?.(pod({ status: { phase: 'Running' } })), undefined);
});
