import { it } from 'node:test';
import { spawn } from 'node:child_process';
import { eventually, startTestSandbox, rawRequest } from '/work/main/test/helpers/sandbox.js';
it('dbg', async () => {
  const sb = await startTestSandbox({ nodes: 1 });
  try {
    await sb.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: waited\n  namespace: default\ndata: {state: pending}\n`);
    const child = spawn('/usr/bin/kubectl', ['wait', '-v=6', 'cm/waited', '--for=jsonpath={.data.state}=done', '--timeout=6s'], { env: { ...process.env, KUBECONFIG: sb.kubeconfig } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => (err += d));
    await eventually(() => /watch=true/.test(err));
    const w = rawRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwaited&resourceVersion=1&timeoutSeconds=3');
    console.log(await sb.k(['patch', 'cm', 'waited', '--type', 'merge', '-p', '{"data":{"state":"done"}}']));
    console.log((await w).body.slice(0, 2000));
    await new Promise((r) => child.on('exit', r));
    console.log(err.slice(-1500));
  } finally { await sb.stop(); }
});
