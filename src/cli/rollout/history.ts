// `ordinal rollout history` and `ordinal rollout undo` for StatefulSets, as kubectl's
// StatefulSetHistoryViewer / StatefulSetRollbacker do it: the history is the ControllerRevisions the
// set controls, numbered by .revision; undo writes a revision's pod template back into the set.
// kubectl sends the revision's data as a strategic merge patch, which custom resources (Kruise's
// apps.kruise.io StatefulSet) do not accept, so for those the same change is expressed as an
// RFC 7386 JSON merge patch computed from the set's current template to the revision's.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { CliError } from '../kube.js';
import { table } from './format.js';
import type { RolloutTarget } from './target.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Revisions the set controls, oldest first. */
export async function setHistory(client: ApiClient, set: KubeObject): Promise<KubeObject[]> {
  const all = (await client.list(at(R.controllerrevisions, set.metadata.namespace))).items;
  return all
    .filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === set.metadata.uid && o.controller !== false))
    .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
}

/** The pod template a revision holds (its data is `{"spec":{"template":{…,"$patch":"replace"}}}`). */
export function revisionTemplate(rev: KubeObject): Record<string, any> {
  const tpl = structuredClone(rev.data?.spec?.template ?? {});
  delete tpl.$patch;
  return tpl;
}

function images(tpl: Record<string, any>): string {
  return (tpl.spec?.containers ?? []).map((c: any) => c.image).join(',') || '<none>';
}

export function renderHistory(t: RolloutTarget, set: KubeObject, revs: KubeObject[]): string {
  if (!revs.length) return `${t.display}\nNo rollout history found.\n`;
  const st = set.status ?? {};
  const rows = [['REVISION', 'NAME', 'IMAGES', 'STATE', 'CHANGE-CAUSE']];
  for (const r of revs) {
    const name = r.metadata.name!;
    const state = [name === st.currentRevision ? 'current' : '', name === st.updateRevision ? 'update' : ''].filter(Boolean).join(',') || '-';
    rows.push([String(r.revision ?? ''), name, images(revisionTemplate(r)), state, r.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>']);
  }
  return `${t.display}\n${table(rows)}\n`;
}

const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The RFC 7386 merge patch that turns `from` into `to`: removed keys → null, arrays and scalars replaced whole. */
export function mergePatchFor(from: unknown, to: unknown): unknown {
  if (!isPlain(from) || !isPlain(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (isPlain(from[k]) && isPlain(v)) {
      const sub = mergePatchFor(from[k], v) as Record<string, unknown>;
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (JSON.stringify(from[k]) !== JSON.stringify(v)) {
      patch[k] = v;
    }
  }
  return patch;
}

/** kubectl's choice: --to-revision N, else the second-newest revision. */
export function pickRevision(revs: KubeObject[], toRevision: number): KubeObject {
  if (toRevision > 0) {
    const r = revs.find((x) => Number(x.revision) === toRevision);
    if (!r) throw new CliError(`unable to find specified revision ${toRevision} in history`);
    return r;
  }
  if (revs.length <= 1) throw new CliError('no last revision to roll back to');
  return revs[revs.length - 2];
}

/** Rolls the set back; returns kubectl's message ("rolled back" or "skipped rollback (...)"). */
export async function undo(client: ApiClient, t: RolloutTarget, set: KubeObject, toRevision: number): Promise<string> {
  const rev = pickRevision(await setHistory(client, set), toRevision);
  const target = revisionTemplate(rev);
  const diff = mergePatchFor(set.spec?.template ?? {}, target) as Record<string, unknown>;
  if (!Object.keys(diff).length) return `skipped rollback (current template already matches revision ${rev.revision})`;
  const ref = at(t.ref, set.metadata.namespace, set.metadata.name);
  if (t.kind === 'sts') {
    await client.patch(ref, 'strategic', rev.data);
  } else {
    // resourceVersion in a merge patch is a precondition: a concurrent change makes this a 409, not a mix of both.
    await client.patch(ref, 'merge', { metadata: { resourceVersion: set.metadata.resourceVersion }, spec: { template: diff } });
  }
  return 'rolled back';
}
