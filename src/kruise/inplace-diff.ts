// The in-place update decision Kruise makes from two pod templates (pkg/util/inplaceupdate
// defaultCalculateInPlaceUpdateSpec, and the webhook's InPlaceOnly check): a JSON patch from the
// old template to the new one, where a `replace` of a container image or any label/annotation
// change can be applied to a running pod, and anything else needs a new pod. Beyond Kruise, every
// refusal names the field in words so events and errors can explain the decision.

import fastJsonPatch from 'fast-json-patch';
import type { PodTemplateSpec } from '../controllers/statefulset/types.js';

const { compare } = fastJsonPatch;

export interface InPlaceSpec {
  /** container name → new image */
  containerImages: Record<string, string>;
  /** old image of each container in containerImages (for events) */
  oldImages: Record<string, string>;
  /** Labels/annotations to set (string) or remove (null): the two-way merge of old → new template metadata. */
  metaDataPatch: { labels: Record<string, string | null>; annotations: Record<string, string | null> };
}

export type InPlaceDecision = { inPlace: true; spec: InPlaceSpec } | { inPlace: false; reason: string };

type Op = { op: string; path: string };

/** "/spec/containers/0/env/1/value" → "env of container main" */
export function describeField(path: string, tpl: PodTemplateSpec): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'spec' && (parts[1] === 'containers' || parts[1] === 'initContainers') && parts.length >= 3) {
    const list = (tpl.spec?.[parts[1]] as { name?: string }[] | undefined) ?? [];
    const name = list[Number(parts[2])]?.name;
    const what = parts[1] === 'containers' ? 'container' : 'init container';
    if (parts.length === 3) return `${what} list (${name ?? `#${parts[2]}`})`;
    return `${parts[3]} of ${what} ${name ?? `#${parts[2]}`}`;
  }
  if (parts[0] === 'spec') return `spec.${parts.slice(1).filter((p) => !/^\d+$/.test(p)).join('.') || ''}`.replace(/\.$/, '');
  return parts.join('.');
}

function metaPatch(oldMap: Record<string, string> | undefined, newMap: Record<string, string> | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(newMap ?? {})) if (oldMap?.[k] !== v) out[k] = v;
  for (const k of Object.keys(oldMap ?? {})) if (!(k in (newMap ?? {}))) out[k] = null;
  return out;
}

const imagePath = /^\/spec\/containers\/(\d+)\/image$/;

/** In place when every change is an image replace or under /metadata; otherwise the first blocking change. */
export function calculateInPlaceUpdate(oldTpl: PodTemplateSpec | undefined, newTpl: PodTemplateSpec | undefined): InPlaceDecision {
  if (!oldTpl || !newTpl) return { inPlace: false, reason: 'the previous revision is gone' };
  const ops = compare(oldTpl as object, newTpl as object) as Op[];
  const spec: InPlaceSpec = { containerImages: {}, oldImages: {}, metaDataPatch: { labels: {}, annotations: {} } };
  const containers = (newTpl.spec?.containers as { name: string; image?: string }[] | undefined) ?? [];
  const oldContainers = (oldTpl.spec?.containers as { name: string; image?: string }[] | undefined) ?? [];
  for (const op of ops.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (op.path.startsWith('/metadata/') || op.path === '/metadata') continue;
    if (!op.path.startsWith('/spec/')) return { inPlace: false, reason: `${describeField(op.path, newTpl)} cannot change in place` };
    const m = imagePath.exec(op.path);
    if (op.op !== 'replace') {
      return { inPlace: false, reason: `${describeField(op.path, op.op === 'remove' ? oldTpl : newTpl)} cannot change in place (${op.op === 'add' ? 'added' : 'removed'})` };
    }
    if (!m) return { inPlace: false, reason: `${describeField(op.path, newTpl)} cannot change in place` };
    const c = containers[Number(m[1])];
    spec.containerImages[c.name] = c.image ?? '';
    spec.oldImages[c.name] = oldContainers[Number(m[1])]?.image ?? '';
  }
  spec.metaDataPatch.labels = metaPatch(oldTpl.metadata?.labels, newTpl.metadata?.labels);
  spec.metaDataPatch.annotations = metaPatch(oldTpl.metadata?.annotations, newTpl.metadata?.annotations);
  return { inPlace: true, spec };
}

/**
 * The webhook's InPlaceOnly rule: the patch between the old and new template.spec (metadata
 * excluded) may only replace /containers/<n>/image. Returns the first offending "<op> <path>".
 */
export function inPlaceOnlyViolation(oldSpec: unknown, newSpec: unknown): string | undefined {
  const ops = compare((oldSpec ?? {}) as object, (newSpec ?? {}) as object) as Op[];
  const bad = ops.sort((a, b) => (a.path < b.path ? -1 : 1)).find((op) => op.op !== 'replace' || !/^\/containers\/\d+\/image$/.test(op.path));
  return bad ? `${bad.op} ${bad.path}` : undefined;
}

/** "container main image a → b, container side image c → d" */
export function describeImages(spec: InPlaceSpec): string {
  return Object.entries(spec.containerImages)
    .map(([name, img]) => `container ${name} image ${spec.oldImages[name]} → ${img}`)
    .join(', ');
}
