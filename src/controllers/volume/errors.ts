// Small error predicates the volume controllers need beyond apimachinery/errors.ts.
import { ApiError } from '../../apimachinery/errors.js';

export function isInvalid(e: unknown): boolean {
  return e instanceof ApiError && e.code === 422;
}
