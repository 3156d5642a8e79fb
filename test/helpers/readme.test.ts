// The README walkthrough harness's pure parts: parsing console blocks, adapting commands, and
// the output comparison (what it forgives, what it binds, what it must still reject).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConsole, stripComment, walkthroughBlocks } from './readme.js';
import { Bindings, compareOutput, templateOf } from './readme-compare.js';
import { adapt, isMutating, isWatch, modeOf } from './readme-run.js';

describe('stripComment', () => {
  const cases: [string, string][] = [
    ['kubectl get pods -o wide      # before', 'kubectl get pods -o wide'],
    ["kubectl patch x -p '{\"a\":\"#b\"}'  # c", "kubectl patch x -p '{\"a\":\"#b\"}'"],
    ['echo "a # b"', 'echo "a # b"'],
    ['echo a#b', 'echo a#b'],
    ['kubectl get pod zk-$i --template {{.spec.nodeName}}', 'kubectl get pod zk-$i --template {{.spec.nodeName}}'],
  ];
  for (const [input, want] of cases) it(input, () => assert.equal(stripComment(input), want));
});

describe('parsing the README', () => {
  it('splits commands from outputs and joins continuations', () => {
    const cmds = parseConsole(['$ a \\', '    --b', 'out 1', 'out 2', '$ c  # note', '$ d', 'x'], 10);
    assert.deepEqual(cmds, [
      { command: 'a  --b', expected: ['out 1', 'out 2'], line: 10 },
      { command: 'c', expected: [], line: 14 },
      { command: 'd', expected: ['x'], line: 15 },
    ]);
  });

  it('takes the blocks up to the end of the Walkthrough, without skipped or command-less ones', () => {
    const md = [
      '# T', '## Two commands', '<!-- walkthrough: skip -->', '```console', '$ npm start', '```',
      '```console', 'banner', '```', '## Walkthrough', '### One', '```console', '$ kubectl get x', 'y', '```',
      '<!-- walkthrough: skip -->', '', '```console', '$ kubectl get pod -w', '```',
      '## After', '```console', '$ later', '```',
    ].join('\n');
    const blocks = walkthroughBlocks(md);
    assert.deepEqual(blocks, [{ heading: 'One', line: 12, commands: [{ command: 'kubectl get x', expected: ['y'], line: 13 }] }]);
  });
});

describe('adapting commands', () => {
  const b = new Bindings();
  b.bind('pv', 'pvc-01680e8d-d00d-43d7-b477-f288c7c5777a', 'pvc-11111111-2222-3333-4444-555555555555');
  const ctx = { dataDir: '/tmp/d', dnsPort: 4242, bindings: b };
  const cases: [string, string][] = [
    ['dig -p 10053 @127.0.0.1 a.b', 'dig -p 4242 @127.0.0.1 a.b'],
    ['export KUBECONFIG=./.ordinal/kubeconfig', 'export KUBECONFIG=/tmp/d/kubeconfig'],
    ['echo hi > .ordinal/volumes/pvc-01680e8d-d00d-43d7-b477-f288c7c5777a/i', 'echo hi > /tmp/d/volumes/pvc-11111111-2222-3333-4444-555555555555/i'],
    ['cat .ordinal/volumes/$(kubectl get pvc x)/i', 'cat /tmp/d/volumes/$(kubectl get pvc x)/i'],
    ['kubectl wait --for=condition=Ready pod/web-0', 'kubectl wait --timeout=60s --for=condition=Ready pod/web-0'],
    ['kubectl wait --timeout=5s pod/x', 'kubectl wait --timeout=5s pod/x'],
  ];
  for (const [input, want] of cases) it(input, () => assert.equal(adapt(input, ctx), want));

  it('classifies commands', () => {
    assert.equal(isWatch('kubectl get pod -w -l app=nginx'), true);
    assert.equal(isWatch('kubectl get pods -l app=nginx -o wide'), false);
    assert.equal(isMutating('echo "x" > .ordinal/volumes/p/index.html'), true);
    assert.equal(isMutating('kubectl set image sts/x a=b'), true);
    assert.equal(isMutating('kubectl describe pod zk-3 | tail -3'), false);
    assert.equal(isMutating('for i in 0 1; do kubectl get pod zk-$i; echo ""; done'), false);
    assert.equal(isMutating('dig -p 10053 @127.0.0.1 x 2>/dev/null'), false);
    assert.equal(modeOf('kubectl rollout status sts/web'), 'set');
    assert.equal(modeOf('kubectl get pvc'), 'exact');
  });
});

describe('comparing output', () => {
  it('forgives padding, ages and chosen names, and binds the names', () => {
    const b = new Bindings();
    const readme = ['NAME    AGE   IP           NODE', 'web-0   2m4s  10.244.0.2   node-0', 'web-1   34s   10.244.1.2   node-1'];
    const actual = ['NAME    AGE     IP           NODE', 'web-0   1s      10.244.2.7   node-2', 'web-1   0s      10.244.0.9   node-0'];
    assert.equal(compareOutput(readme, actual, 'exact', b), undefined);
    // The README's 10.244.0.2 now means 10.244.2.7: the same README IP must be the same actual IP...
    assert.equal(compareOutput(['10.244.0.2'], ['10.244.2.7'], 'exact', b), undefined);
    assert.match(compareOutput(['10.244.0.2'], ['10.244.2.8'], 'exact', b)!.report, /stood for 10\.244\.2\.7/);
    // ...and a different README IP a different actual one.
    assert.match(compareOutput(['10.244.0.3'], ['10.244.2.7'], 'exact', b)!.report, /stood for README's 10\.244\.0\.2/);
  });

  it('binds node names per command only, but distinctly within it', () => {
    const b = new Bindings();
    assert.equal(compareOutput(['node-0', 'node-2'], ['node-1', 'node-0'], 'exact', b), undefined);
    b.endCommand();
    assert.equal(compareOutput(['node-0'], ['node-2'], 'exact', b), undefined);
    b.endCommand();
    assert.ok(compareOutput(['node-0', 'node-2', 'node-1'], ['node-1', 'node-1', 'node-0'], 'exact', b));
  });

  it('keeps the Calico fixed IP literal', () => {
    assert.ok(compareOutput(['legacy-app   10.244.7.9'], ['legacy-app   10.244.7.8'], 'exact', new Bindings()));
  });

  it('rejects any other difference, with README and actual lines side by side', () => {
    const m = compareOutput(['a   Running', 'b   Running'], ['a   Running', 'b   Pending'], 'exact', new Bindings());
    assert.ok(m);
    assert.match(m.report, /- README: b {3}Running\n\+ actual: b {3}Pending/);
    assert.ok(compareOutput(['a'], ['a', 'b'], 'exact', new Bindings()));
  });

  it('takes kubectl warnings in any order relative to stdout, but requires them', () => {
    const w = 'Warning: short name "sts" could also match lower priority resource statefulsets.apps.kruise.io';
    assert.equal(compareOutput([w, 'statefulset.apps/zk scaled'], ['statefulset.apps/zk scaled', w], 'exact', new Bindings()), undefined);
    assert.ok(compareOutput([w, 'statefulset.apps/zk scaled'], ['statefulset.apps/zk scaled'], 'exact', new Bindings()));
  });

  it('compares timing-dependent streams as distinct lines plus the last line', () => {
    const readme = ['Waiting for 1 pods to be ready...', 'Waiting for 1 pods to be ready...', 'x: 1 out of 2', 'done'];
    assert.equal(compareOutput(readme, ['x: 1 out of 2', 'Waiting for 1 pods to be ready...', 'done'], 'set', new Bindings()), undefined);
    assert.ok(compareOutput(readme, ['Waiting for 1 pods to be ready...', 'done'], 'set', new Bindings()));
    assert.ok(compareOutput(readme, ['Waiting for 1 pods to be ready...', 'x: 1 out of 2', 'done', 'x: 1 out of 2'], 'set', new Bindings()));
    // Which progress lines a poll saw depends on timing: extra or missing ones are fine, the verdict is not.
    const rollout = ['Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...', 'partitioned roll out complete: 2 new pods have been updated...'];
    assert.equal(compareOutput(rollout, ['Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...', ...rollout], 'set', new Bindings()), undefined);
    assert.equal(compareOutput(rollout, [rollout[1]], 'set', new Bindings()), undefined);
    assert.ok(compareOutput(rollout, [rollout[0]], 'set', new Bindings()), 'the verdict must match');
    assert.ok(compareOutput(rollout, [rollout[0], 'partitioned roll out complete: 1 new pods have been updated...'], 'set', new Bindings()));
  });

  it('normalizes durations inside messages', () => {
    assert.equal(templateOf('complete (took 4.1s)').template, templateOf('complete (took 730ms)').template);
    assert.equal(templateOf('nginx-slim:0.8   1Gi').template, 'nginx-slim:0.8 │ 1Gi');
  });
});

describe('watch output', () => {
  const readme = ['NAME    READY   STATUS              AGE', 'web-0   0/1     ContainerCreating   1s', 'web-0   1/1     Running             4s', 'web-1   0/1     Pending             0s', 'web-1   1/1     Running             3s'];
  it('forgives a watch that began earlier or later in a pod\'s life', () => {
    const earlier = ['NAME    READY   STATUS   AGE', 'web-0   0/1     Pending   0s', 'web-0   0/1     ContainerCreating   0s', 'web-0   1/1     Running   1s', 'web-1   0/1     Pending   0s', 'web-1   1/1     Running   1s'];
    assert.equal(compareOutput(readme, earlier, 'watch', new Bindings()), undefined);
    const later = ['NAME    READY   STATUS   AGE', 'web-0   1/1     Running   1s', 'web-1   0/1     Pending   0s', 'web-1   1/1     Running   1s'];
    assert.equal(compareOutput(readme, later, 'watch', new Bindings()), undefined);
  });
  it('still rejects what happens after the start', () => {
    const wrong = ['NAME    READY   STATUS   AGE', 'web-0   0/1     ContainerCreating   0s', 'web-0   1/1     Running   1s', 'web-1   0/1     Pending   0s', 'web-1   0/1     CrashLoopBackOff   1s', 'web-1   1/1     Running   1s'];
    assert.ok(compareOutput(readme, wrong, 'watch', new Bindings()));
    assert.ok(compareOutput(readme, readme.slice(0, 4), 'watch', new Bindings()));
  });
});
