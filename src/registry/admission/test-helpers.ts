// Test-only helpers: run a Strategy the way the generic REST handler does (prepare → defaults →
// validate) and render the resulting field errors as kubectl shows them.

import { fieldErrorString } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';

export function create(s: Strategy, input: KubeObject): { obj: KubeObject; errors: string[] } {
  const obj = structuredClone(input);
  s.prepareForCreate?.(obj);
  s.defaults?.(obj);
  return { obj, errors: (s.validateCreate?.(obj) ?? []).map(fieldErrorString) };
}

/** Creates `oldInput` (must be valid), then updates it with `mutate` applied to a copy. */
export function update(s: Strategy, oldInput: KubeObject, mutate: (o: KubeObject) => void): { obj: KubeObject; old: KubeObject; errors: string[] } {
  const created = create(s, oldInput);
  if (created.errors.length) throw new Error(`base object invalid: ${created.errors.join('; ')}`);
  const old = created.obj;
  old.metadata.uid ??= 'uid-1';
  old.metadata.resourceVersion ??= '1';
  old.metadata.creationTimestamp ??= '2024-01-01T00:00:00Z';
  const obj = structuredClone(old);
  mutate(obj);
  s.prepareForUpdate?.(obj, old);
  s.defaults?.(obj);
  return { obj, old, errors: (s.validateUpdate?.(obj, old) ?? []).map(fieldErrorString) };
}

export function statusUpdate(s: Strategy, oldInput: KubeObject, mutate: (o: KubeObject) => void): { obj: KubeObject; old: KubeObject; errors: string[] } {
  const created = create(s, oldInput);
  if (created.errors.length) throw new Error(`base object invalid: ${created.errors.join('; ')}`);
  const old = created.obj;
  old.metadata.uid ??= 'uid-1';
  const obj = structuredClone(old);
  mutate(obj);
  s.prepareForStatusUpdate?.(obj, old);
  s.defaults?.(obj);
  return { obj, old, errors: (s.validateStatusUpdate?.(obj, old) ?? []).map(fieldErrorString) };
}
