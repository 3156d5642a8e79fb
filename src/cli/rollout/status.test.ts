// From when `rollout status` shows events: since the update revision was created for a rollout in
// progress (bounded), else a few seconds before the command started.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { eventsSince } from './status.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

function client(revisions: Record<string, string>): ApiClient {
  const get = async (ref: { name?: string }) => {
    const created = revisions[ref.name ?? ''];
    if (!created) throw new Error('not found');
    return { metadata: { name: ref.name, creationTimestamp: created } } as KubeObject;
  };
  return { get } as unknown as ApiClient;
}

const set = (updateRevision: string, currentRevision: string): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, status: { updateRevision, currentRevision } });

test('eventsSince', async () => {
  const cases: Array<[string, KubeObject, Record<string, string>, number]> = [
    ['no rollout in progress: 5 s back', set('web-a', 'web-a'), { 'web-a': iso(600_000) }, 5000],
    ['rollout began 20 s ago: from one second before its revision', set('web-b', 'web-a'), { 'web-b': iso(20_000) }, 21_000],
    ['revision just created: still 5 s back', set('web-b', 'web-a'), { 'web-b': iso(1000) }, 5000],
    ['old revision reused (rollback): at most 60 s back', set('web-b', 'web-a'), { 'web-b': iso(3_600_000) }, 60_000],
    ['revision not readable: 5 s back', set('web-b', 'web-a'), {}, 5000],
  ];
  for (const [name, s, revs, back] of cases) assert.equal(await eventsSince(client(revs), s, NOW), NOW - back, name);
});
