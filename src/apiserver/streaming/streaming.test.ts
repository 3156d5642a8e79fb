// The remotecommand protocol pieces: subprotocol negotiation, exit Status shape (what client-go's
// v4 error decoder turns into an exit code), frames, and request parsing/validation.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exitStatus, frame, negotiateProtocol, parseResize } from './protocol.js';
import { parseStreamRequest, validateStreamRequest } from './upgrade.js';

describe('remotecommand protocol', () => {
  const offers: [string[], string | undefined][] = [
    [['v5.channel.k8s.io', 'v4.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['v4.channel.k8s.io', 'v3.channel.k8s.io'], 'v4.channel.k8s.io'],
    [['base64.channel.k8s.io'], undefined],
    [[], undefined],
  ];
  for (const [offered, want] of offers) it(`negotiates ${offered.join(',') || 'nothing'}`, () => assert.equal(negotiateProtocol(offered), want));

  it('reports success and non-zero exit codes as kubelet does', () => {
    assert.deepEqual(exitStatus(['hostname'], 0), { metadata: {}, status: 'Success' });
    assert.deepEqual(exitStatus(['sh', '-c', 'exit 3'], 3), {
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });
  it('frames data behind the channel byte and parses resize', () => {
    assert.deepEqual([...frame(1, 'hi')], [1, 104, 105]);
    assert.deepEqual(parseResize(Buffer.from('{"Width":120,"Height":40}')), { width: 120, height: 40 });
    assert.equal(parseResize(Buffer.from('junk')), undefined);
  });
  it('parses exec and attach requests', () => {
    assert.deepEqual(parseStreamRequest('/api/v1/namespaces/default/pods/web-0/exec?command=sh&command=-c&command=hostname&container=nginx&stdout=true&stderr=true'), {
      kind: 'exec', namespace: 'default', pod: 'web-0', container: 'nginx', command: ['sh', '-c', 'hostname'], stdin: false, stdout: true, stderr: true, tty: false,
    });
    assert.equal(parseStreamRequest('/api/v1/namespaces/default/pods/web-0/attach?stdin=true&tty=true')?.kind, 'attach');
    assert.equal(parseStreamRequest('/api/v1/namespaces/default/pods/web-0/portforward'), undefined);
  });
  it('validates like PodExecOptions', () => {
    const base = parseStreamRequest('/api/v1/namespaces/d/pods/p/exec?stdout=true')!;
    assert.throws(() => validateStreamRequest(base), /at least one command/);
    assert.throws(() => validateStreamRequest({ ...base, command: ['ls'], stdout: false }), /at least one of stdin, stdout, stderr/);
    assert.doesNotThrow(() => validateStreamRequest({ ...base, command: ['ls'] }));
  });
});
