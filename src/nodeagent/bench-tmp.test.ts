import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import { startNodeAgents } from './agent.js';
const client = new FakeClient();
const agents = startNodeAgents(client, { nodes: 100, timings: { imagePull: 0, containerStart: 0 } });
await agents.ready;
const t0 = Date.now();
for (let i = 0; i < 10000; i++) await client.create(at(R.pods, 'default'), { metadata: { name: `p-${i}`, namespace: 'default' }, spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'a', image: 'nginx:1.25' }] } });
const tc = Date.now();
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  const n = (await client.list(R.pods)).items.filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  if (n === 10000) break;
}
console.log(`created in ${tc - t0} ms, all Ready after ${Date.now() - t0} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
agents.stop();
