// Scenario-test harness for the StatefulSet algorithm (in the style of upstream's
// stateful_set_control_test.go): a FakeClient-backed control, a simulated kubelet that moves pods
// through Pending → Running/Ready, and invariant checks run after every step.

import assert from 'node:assert/strict';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { FakeClock } from '../../controller/clock.js';
import { FakeEventRecorder } from '../../controller/events.js';
import { isControlledBy } from '../../controller/owner.js';
import { DefaultStatefulSetControl, type StatefulSetHooks } from './control.js';
import { ApiHistory } from './history.js';
import { ApiObjectManager, StatefulPodControl } from './pod-control.js';
import { ApiStatusUpdater } from './status-updater.js';
import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from './types.js';
import { getOrdinal, getPersistentVolumeClaims, identityMatches, isRunningAndReady, isTerminating, storageMatches } from './utils.js';

export type Mode = 'Monotonic' | 'Burst';

export function newStatefulSet(name: string, replicas: number, mode: Mode, extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      serviceName: 'governingsvc',
      podManagementPolicy: mode === 'Burst' ? 'Parallel' : 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 2,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1' }], volumes: [{ name: 'home', hostPath: { path: '/tmp/home' } }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'datadir' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } } } }],
      ...extra,
    },
  };
}

export class Harness {
  readonly client = new FakeClient({ now: () => this.clock.now() });
  readonly clock = new FakeClock();
  readonly events = new FakeEventRecorder();
  readonly control: DefaultStatefulSetControl;
  readonly podControl: StatefulPodControl;
  name = '';

  constructor(hooks?: Partial<StatefulSetHooks>) {
    this.podControl = new StatefulPodControl(new ApiObjectManager(this.client), this.events);
    this.control = new DefaultStatefulSetControl({
      podControl: this.podControl,
      statusUpdater: new ApiStatusUpdater(this.client, R.statefulsets),
      history: new ApiHistory(this.client),
      recorder: this.events,
      clock: this.clock,
      hooks,
    });
  }

  async create(set: StatefulSet): Promise<StatefulSet> {
    this.name = set.metadata.name!;
    return this.client.create(at(R.statefulsets, 'default'), set);
  }
  set(): Promise<StatefulSet> {
    return this.client.get<StatefulSet>(at(R.statefulsets, 'default', this.name));
  }
  async mutate(fn: (s: StatefulSet) => void): Promise<void> {
    const s = await this.set();
    fn(s);
    await this.client.update(at(R.statefulsets, 'default', this.name), s);
  }
  async pods(): Promise<Pod[]> {
    const set = await this.set();
    return this.client.objects<Pod>(R.pods, 'default').filter((p) => isControlledBy(p, set)).sort((a, b) => getOrdinal(a) - getOrdinal(b));
  }
  claims(): PersistentVolumeClaim[] {
    return this.client.objects<PersistentVolumeClaim>(R.persistentvolumeclaims, 'default');
  }
  revisions(): ControllerRevision[] {
    return this.client.objects<ControllerRevision>(R.controllerrevisions, 'default');
  }
  async sync(): Promise<void> {
    const set = await this.set();
    await this.control.updateStatefulSet(set, await this.pods());
  }
  /** Sync swallowing errors (as the work queue would retry), returning the error. */
  async trySync(): Promise<unknown> {
    try {
      await this.sync();
      return undefined;
    } catch (e) {
      return e;
    }
  }

  // --- simulated kubelet -------------------------------------------------------------------
  async setStatus(name: string, status: Pod['status']): Promise<void> {
    const p = await this.client.get<Pod>(at(R.pods, 'default', name));
    p.status = status;
    await this.client.update(at(R.pods, 'default', name, 'status'), p);
  }
  async runAndReady(name: string): Promise<void> {
    const t = new Date(this.clock.now()).toISOString();
    await this.setStatus(name, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] });
  }
  async notReady(name: string): Promise<void> {
    await this.setStatus(name, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });
  }
  /** Makes every created, non-ready pod Running and Ready. */
  async readyAll(): Promise<void> {
    for (const p of await this.pods()) if (!isRunningAndReady(p) && !isTerminating(p)) await this.runAndReady(p.metadata.name!);
  }
  async deletePod(name: string): Promise<void> {
    await this.client.delete(at(R.pods, 'default', name));
  }
  /** Holds the pod in Terminating with a finalizer, then deletes it. */
  async terminate(name: string): Promise<void> {
    await this.client.patch(at(R.pods, 'default', name), 'merge', { metadata: { finalizers: ['test/hold'] } });
    await this.client.delete(at(R.pods, 'default', name));
  }

  // --- invariants (assertMonotonicInvariants / assertBurstInvariants) ------------------------
  async assertInvariants(_mode: Mode): Promise<void> {
    const set = await this.set();
    const pods = await this.pods();
    const claims = new Set(this.claims().map((c) => c.metadata.name));
    pods.forEach((pod) => {
      assert.ok(identityMatches(set, pod), `pod ${pod.metadata.name} identity`);
      assert.ok(storageMatches(set, pod), `pod ${pod.metadata.name} storage`);
      for (const c of getPersistentVolumeClaims(set, pod).values()) assert.ok(claims.has(c.metadata.name), `claim ${c.metadata.name} missing for ${pod.metadata.name}`);
      // Ordering (Monotonic) is checked where it is decided, in syncChecked: external deletions
      // legitimately leave gaps and unready predecessors for a while.
    });
  }

  /**
   * The OrderedReady invariant, checked where it is decided: a sync creates at most one pod, and
   * only when every lower in-range ordinal existed Running, Ready and not terminating before it.
   */
  async syncChecked(mode: Mode): Promise<void> {
    const before = new Map((await this.pods()).map((p) => [getOrdinal(p), isRunningAndReady(p) && !isTerminating(p)]));
    const mark = this.client.actions.length;
    await this.sync();
    if (mode !== 'Monotonic') return;
    const set = await this.set();
    const start = set.spec.ordinals?.start ?? 0;
    const createdNow = this.client.actions.slice(mark).filter((a) => a.verb === 'create' && a.ref.resource === 'pods').map((a) => getOrdinal(a.object as Pod));
    assert.ok(createdNow.length <= 1, `monotonic sync created ${createdNow.length} pods`);
    for (const k of createdNow) {
      for (let j = start; j < k; j++) assert.ok(before.get(j), `created ordinal ${k} while predecessor ${j} was not Running and Ready`);
    }
  }

  /** Sync + kubelet until the set reports `replicas` ready pods (bounded). Checks invariants each step. */
  async scaleTo(mode: Mode, replicas: number, maxSteps = 60): Promise<void> {
    await this.mutate((s) => (s.spec.replicas = replicas));
    await this.converge(mode, maxSteps);
  }

  async converge(mode: Mode, maxSteps = 60): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      await this.syncChecked(mode);
      await this.assertInvariants(mode);
      await this.readyAll();
      await this.syncChecked(mode);
      const s = await this.set();
      const r = s.spec.replicas ?? 1;
      const st = s.status;
      if (st && st.replicas === r && st.readyReplicas === r && st.updatedReplicas === r && st.currentRevision === st.updateRevision) return;
    }
    assert.fail(`did not converge: ${JSON.stringify((await this.set()).status)}`);
  }
}
