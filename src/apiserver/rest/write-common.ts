// Steps shared by create, update and patch: version/kind checks, strict field validation,
// strategy + admission, and mapping store errors to Status.

import { deepCopy } from '../../apimachinery/json-value.js';
import { randomBytes } from 'node:crypto';
import { errors, ApiError } from '../../apimachinery/errors.js';
import type { FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { apiVersionOf } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';
import { StoreConflictError, StoreExistsError, StoreNotFoundError } from '../../store/store.js';
import { assertFiniteNumbers } from '../codec.js';
import { objectsEqual } from './json-equal.js';
import type { AdmissionAttributes, RestContext } from './context.js';

export interface WriteParams {
  type: ResourceType;
  version: string;
  namespace: string;
  query: URLSearchParams;
  /** Raw body text and its media type, for duplicate-field detection. */
  raw?: string;
  contentType?: string;
  warnings: string[];
}

export const groupResource = (t: ResourceType): { group: string; resource: string } => ({ group: t.group, resource: t.plural });

export function isDryRun(q: URLSearchParams): boolean {
  const d = q.getAll('dryRun');
  if (d.some((v) => v !== 'All')) throw errors.badRequest(`Invalid dryRun value: ${d.join(',')}. Only "All" is supported`);
  return d.length > 0;
}

/** Rejects a body whose apiVersion/kind do not belong at this URL. */
export function checkTypeMeta(obj: KubeObject, p: WriteParams): void {
  const expected = apiVersionOf(p.type.group, p.version);
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== undefined && obj.kind !== p.type.kind) {
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${p.type.kind})`);
  }
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) {
    throw errors.badRequest('metadata: expected an object');
  }
  obj.metadata ??= {};
  obj.apiVersion = expected;
  obj.kind = p.type.kind;
}

/** fieldValidation=Strict → 400 on unknown/duplicate fields; Warn (default) → warnings; Ignore → nothing. */
export function checkFields(obj: unknown, p: WriteParams, ctx: RestContext): void {
  const mode = p.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  if (mode === 'Ignore' || !ctx.fieldValidator) return;
  const problems = ctx.fieldValidator.problems(p.type, p.version, obj, p.raw, p.contentType);
  if (problems.length === 0) return;
  if (mode === 'Strict') throw errors.badRequest(ctx.fieldValidator.strictMessage(p.type.kind, p.version, problems));
  p.warnings.push(...problems);
}

/** The decoder's type error for `obj` (built-in kinds only), or undefined; see FieldValidator.typeError. */
export function typeProblem(obj: unknown, p: WriteParams, ctx: RestContext): string | undefined {
  return ctx.fieldValidator?.typeError?.(p.type, p.version, obj, p.raw);
}

/**
 * A body that does not decode into the kind's Go type → 400 `<Kind> in version "<v>" cannot be
 * handled as a <Kind>: json: cannot unmarshal ...`, before strict field checks (a decoding error
 * trumps strict ones upstream). Numbers that overflow every numeric type are refused here too, for
 * fields without a typed schema (CRDs, free-form values), since JSON.parse made them Infinity.
 */
export function checkTypes(obj: unknown, p: WriteParams, ctx: RestContext): void {
  const problem = typeProblem(obj, p, ctx);
  if (problem) throw errors.badRequest(`${p.type.kind} in version "${p.version}" cannot be handled as a ${p.type.kind}: ${problem}`);
  assertFiniteNumbers(obj);
}

export function throwIfInvalid(type: ResourceType, name: string, errs: FieldError[] | undefined): void {
  if (errs && errs.length) throw errors.invalid(type.kind, type.group, name, errs);
}

export async function runAdmission(attrs: AdmissionAttributes, ctx: RestContext): Promise<void> {
  for (const plugin of ctx.admission) await plugin.admit(attrs, ctx);
}

/**
 * kube-apiserver's GuaranteedUpdate: a write that lost a race with another writer (the object
 * changed between our read and our write) is redone on the fresh object; the client sees a 409
 * only when its own preconditions (resourceVersion, uid) fail. `attempt` must re-read the object.
 */
export async function retryOnStoreConflict<T>(type: ResourceType, name: string, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof StoreConflictError && i < 8) continue;
      mapStoreError(e, type, name);
    }
  }
}

/** Lets a store conflict through unmapped (for retryOnStoreConflict); maps everything else. */
export function rethrowStoreError(e: unknown, type: ResourceType, name: string): never {
  if (e instanceof StoreConflictError) throw e;
  mapStoreError(e, type, name);
}

/** Maps store errors to the Status kube-apiserver would answer with. */
export function mapStoreError(e: unknown, type: ResourceType, name: string): never {
  if (e instanceof StoreExistsError) throw errors.alreadyExists(groupResource(type), name);
  if (e instanceof StoreConflictError) throw errors.conflict(groupResource(type), name);
  if (e instanceof StoreNotFoundError) throw errors.notFound(groupResource(type), name);
  if (e instanceof ApiError) throw e;
  throw errors.internal((e as Error).message);
}

// Same alphabet as k8s.io/apimachinery/pkg/util/rand (no vowels, no confusable characters).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[bytes[i] % ALPHANUMS.length];
  return s;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specChanged(a: Readonly<KubeObject>, b: Readonly<KubeObject>): boolean {
  return !objectsEqual(a, b, ['metadata', 'status']);
}

/** Equal as JSON but for resourceVersion, to detect no-op writes (kube-apiserver skips them). */
export function sameIgnoringRv(a: Readonly<KubeObject>, b: Readonly<KubeObject>): boolean {
  return objectsEqual(a, b, ['metadata']) && objectsEqual(a.metadata ?? {}, b.metadata ?? {}, ['resourceVersion']);
}

/** A deep copy of a stored object (by hand: several times cheaper than structuredClone). */
export function clone<T>(o: T): T {
  return deepCopy(o);
}
