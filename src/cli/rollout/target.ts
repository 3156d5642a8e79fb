// Which set a rollout command is about: `sts/NAME` (apps/v1) or `asts/NAME` (apps.kruise.io/v1beta1
// Advanced StatefulSet), with the spellings kubectl and kubectl-kruise accept.

import type { ResourceRef } from '../../apimachinery/types.js';
import { R } from '../../client/resources.js';
import { CliError } from '../kube.js';

export type SetKind = 'sts' | 'asts';

export interface RolloutTarget {
  kind: SetKind;
  name: string;
  /** The collection ref (namespace still to be set). */
  ref: ResourceRef;
  /** How messages name the set: statefulset.apps/web, statefulset.apps.kruise.io/sample. */
  display: string;
}

const ALIASES: Record<string, SetKind> = {
  sts: 'sts',
  statefulset: 'sts',
  statefulsets: 'sts',
  'statefulset.apps': 'sts',
  'statefulsets.apps': 'sts',
  asts: 'asts',
  advancedstatefulset: 'asts',
  advancedstatefulsets: 'asts',
  'statefulset.apps.kruise.io': 'asts',
  'statefulsets.apps.kruise.io': 'asts',
};

export function parseTarget(text: string): RolloutTarget {
  const m = /^([^/]+)\/(.+)$/.exec(text ?? '');
  const kind = m ? ALIASES[m[1].toLowerCase()] : undefined;
  if (!m || !kind) {
    throw new CliError(`expected sts/NAME (apps/v1 StatefulSet) or asts/NAME (Kruise Advanced StatefulSet), got "${text}"`);
  }
  const ref = kind === 'sts' ? R.statefulsets : R.kruiseStatefulsets;
  return { kind, name: m[2], ref, display: `${kind === 'sts' ? 'statefulset.apps' : 'statefulset.apps.kruise.io'}/${m[2]}` };
}
