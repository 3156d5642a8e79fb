// The Status errors a PATCH body can produce, shaped the way kube-apiserver's patch handler
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go) shapes them. Several of these do
// not fit the generic constructors in apimachinery/errors.ts: a JSON patch that fails to apply is
// a 422 whose message is the generic "rejected our request" text with empty details, and errors
// that upstream never converts to a Status become a 500 with no reason at all.

import { ApiError, errors, statusFailure } from '../../apimachinery/errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** 400 BadRequest carrying a decoder or patch-format message verbatim. */
export function badRequest(message: string): ApiError {
  return errors.badRequest(message);
}

/**
 * 422 as built by NewGenericServerResponse(422, ...) with isUnexpectedResponse=false: the
 * underlying error text is dropped, so every failed JSON patch looks the same to the client.
 */
export function genericUnprocessable(): ApiError {
  return new ApiError(statusFailure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}));
}

/** A plain (non-Status) error surfacing from the handler: 500, reason unknown (omitted), raw text. */
export function unknownServerError(message: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
}

/** 413 for JSON patches longer than upstream's maxJSONPatchOperations. */
export function tooManyOperations(max: number, got: number): ApiError {
  return errors.tooLarge(`The allowed maximum operations in a JSON patch is ${max}, got ${got}`);
}

/** 415 in the wording of negotiation.NewUnsupportedMediaTypeError(patchTypes). */
export function unsupportedPatchType(accepted: readonly string[], note?: string): ApiError {
  const base = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return new ApiError(statusFailure(415, 'UnsupportedMediaType', note ? `${base}; ${note}` : base));
}

/**
 * 422 for a patched document that no longer decodes as an object (upstream: errors.NewInvalid
 * with an empty GroupKind and name, one field error on `patch`).
 */
export function patchedDocumentInvalid(patched: unknown, why: string): ApiError {
  return errors.invalid('', '', '', [fieldErr.invalid('patch', JSON.stringify(patched), why)]);
}
