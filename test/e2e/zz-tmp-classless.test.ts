import { test } from 'node:test';
import { startTestSandbox, eventually } from '/work/main/test/helpers/sandbox.js';
test('classless', async () => {
  const sb = await startTestSandbox();
  try {
    await sb.apply('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: nc\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n');
    await new Promise((r) => setTimeout(r, 1500));
    console.log(await sb.k(['get', 'pvc', 'nc', '-o', 'jsonpath={.spec.storageClassName} {.status.phase}']));
    console.log(sb.logs().split('\n').filter((l) => l.includes('StorageClass')).join('\n').slice(0, 600));
  } finally { await sb.stop(); }
});
