// Regression tests for graceful pod deletion races in the node agent and its status writer: a
// deletionTimestamp that only reaches the agent through its own write's response, a final delete
// that loses a write race, and status writes of a deleted pod landing on its same-name successor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '../apimachinery/errors.js';
import type { KubeObject, ResourceRef, WatchEvent } from '../apimachinery/types.js';
import type { DeleteOptions, PatchType, WatchHandle, WatchOptions, WriteOptions } from '../client/api-client.js';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';
import { silentLogger } from '../controller/logger.js';
import { startNodeAgents } from './agent.js';
import { StatusWriter, type StatusSource } from './status-writer.js';
import { podFixture } from './test-support.js';

const zero = { imagePull: 0, containerStart: 0, containerStop: 0, imageCheck: 0 };
const POD = { group: 'core', resource: 'pods' };

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 4000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A held pod (finalizer): a delete sets deletionTimestamp instead of removing it, as graceful deletion does. */
function heldPod(name: string): KubeObject {
  const p = podFixture({ name });
  delete p.status;
  delete p.metadata.uid;
  p.metadata.finalizers = ['test/hold'];
  return p;
}

class RecordingClient extends FakeClient {
  deletes: Array<{ ref: ResourceRef; opts?: DeleteOptions }> = [];
  override delete(ref: ResourceRef, opts?: DeleteOptions) {
    this.deletes.push({ ref, opts });
    return super.delete(ref, opts);
  }
  finalDelete(): { ref: ResourceRef; opts?: DeleteOptions } | undefined {
    return this.deletes.find((d) => d.opts?.gracePeriodSeconds === 0);
  }
}

/**
 * Watch events arrive late (a loaded API server, a slow stream), and the first status write of
 * `name` is overtaken by a graceful delete: the write lands after the deletion, so its response is
 * the first the agent hears of the deletionTimestamp.
 */
class OvertakingClient extends RecordingClient {
  private overtaken = false;
  constructor(private readonly name: string) {
    super();
  }
  override watch(ref: ResourceRef, opts: WatchOptions, onEvent: (e: WatchEvent) => void): WatchHandle {
    return super.watch(ref, opts, (e) => void setTimeout(() => onEvent(e), 30));
  }
  override async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, type: PatchType, patch: unknown, opts?: WriteOptions): Promise<T> {
    if (!this.overtaken && ref.subresource === 'status' && ref.name === this.name) {
      this.overtaken = true;
      await super.delete(at(R.pods, ref.namespace, ref.name), { gracePeriodSeconds: 30 });
    }
    return super.patch<T>(ref, type, patch, opts);
  }
}

test('a deletion first seen in the response to the agent\'s own status write still stops the pod', async () => {
  const client = new OvertakingClient('a');
  const agents = startNodeAgents(client, { nodes: 1, timings: zero });
  try {
    await agents.ready;
    const a = await client.create(at(R.pods, 'default'), heldPod('a'));
    const del = await until('the final delete(grace 0)', async () => client.finalDelete());
    assert.deepEqual(del.opts, { gracePeriodSeconds: 0, preconditions: { uid: a.metadata.uid } });
    const stopped = await client.get(at(R.pods, 'default', 'a'));
    assert.ok(stopped.status.containerStatuses[0].state.terminated, 'the container was stopped');
  } finally {
    agents.stop();
  }
});

test('a final delete that loses a write race (409 Conflict) is retried, not given up', async () => {
  const client = new RecordingClient();
  const agents = startNodeAgents(client, { nodes: 1, timings: zero });
  try {
    await agents.ready;
    const a = await client.create(at(R.pods, 'default'), heldPod('a'));
    await until('Running', async () => ((await client.get(at(R.pods, 'default', 'a'))).status?.phase === 'Running' ? true : undefined));
    await client.delete(at(R.pods, 'default', 'a'), { gracePeriodSeconds: 30 });
    // The API server gave up after its own retries: "the object has been modified".
    client.failNext('delete', 'pods', errors.conflict(POD, 'a'));
    await until('two final deletes', async () => (client.deletes.filter((d) => d.opts?.gracePeriodSeconds === 0).length >= 2 ? true : undefined), 5000);
    const finals = client.deletes.filter((d) => d.opts?.gracePeriodSeconds === 0);
    assert.deepEqual(finals[1].opts, { gracePeriodSeconds: 0, preconditions: { uid: a.metadata.uid } });
  } finally {
    agents.stop();
  }
});

function source(pod: KubeObject, phase: string): StatusSource {
  return { key: `${pod.metadata.namespace}/${pod.metadata.name}`, uid: pod.metadata.uid!, pod, status: () => ({ phase, conditions: [] }) };
}

test('a status write of a deleted pod never lands on its successor of the same name (uid precondition)', async () => {
  const client = new FakeClient();
  const ref = at(R.pods, 'default', 'web-0');
  const old = await client.create<KubeObject>(at(R.pods, 'default'), heldPod('web-0'));
  await client.patch(ref, 'merge', { metadata: { finalizers: null } });
  await client.delete(ref);
  const successor = await client.create<KubeObject>(at(R.pods, 'default'), { ...heldPod('web-0'), metadata: { name: 'web-0', namespace: 'default' } });
  assert.notEqual(successor.metadata.uid, old.metadata.uid);
  const writer = new StatusWriter({ client, logger: silentLogger });
  try {
    writer.mark(source(old, 'Succeeded'));
    await writer.settled('default/web-0');
    await new Promise((r) => setTimeout(r, 400)); // a retry would come after 200 ms
    const cur = await client.get(ref);
    assert.equal(cur.metadata.uid, successor.metadata.uid);
    assert.notEqual(cur.status?.phase, 'Succeeded', 'the old pod\'s terminal status was not written onto the new pod');
    const patches = client.actions.filter((x) => x.verb === 'patch' && x.ref.subresource === 'status');
    assert.equal(patches.length, 1, 'a write refused for another uid is dropped, not retried');
    await writer.idle();
  } finally {
    writer.stop();
  }
});

test('a status write that loses a write race is retried for the same pod', async () => {
  const client = new FakeClient();
  const pod = await client.create<KubeObject>(at(R.pods, 'default'), heldPod('a'));
  client.failNext('patch', 'pods', errors.conflict(POD, 'a'));
  const writer = new StatusWriter({ client, logger: silentLogger });
  try {
    writer.mark(source(pod, 'Running'));
    const cur = await until('status written', async () => {
      const p = await client.get(at(R.pods, 'default', 'a'));
      return p.status?.phase === 'Running' ? p : undefined;
    });
    assert.equal(cur.metadata.uid, pod.metadata.uid);
  } finally {
    writer.stop();
  }
});
