// ApiError carries a Kubernetes Status. Every layer throws these; the HTTP adapter writes the
// Status as the response body and the client turns a Status response back into an ApiError,
// so callers on either side of the wire handle errors the same way.

import type { Status, StatusDetails } from './types.js';
import { errorBody, fieldErrorString, type FieldError } from './field-errors.js';

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** A resource name as upstream's errors print it: "statefulsets.apps" or "pods". */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export function statusFailure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

function make(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError(statusFailure(code, reason, message, details));
}

export const errors = {
  notFound: (gr: GroupResource, name: string) =>
    make(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource }),
  alreadyExists: (gr: GroupResource, name: string) =>
    make(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    }),
  conflict: (gr: GroupResource, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
    make(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    }),
  /** 422 Invalid. `kind` is the object's Kind (StatefulSet), `group` its API group. */
  invalid: (kind: string, group: string, name: string, errs: FieldError[]) => {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const list = errs.map(fieldErrorString);
    const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return make(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
      name,
      group: group || undefined,
      kind,
      causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    });
  },
  badRequest: (message: string) => make(400, 'BadRequest', message),
  unauthorized: () => make(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string) => make(403, 'Forbidden', message),
  methodNotAllowed: (message: string) => make(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => make(406, 'NotAcceptable', message),
  expired: (message: string) => make(410, 'Expired', message),
  gone: (message: string) => make(410, 'Gone', message),
  tooLarge: (message = 'Request entity too large: limit is 3145728') => make(413, 'RequestEntityTooLarge', message),
  unsupportedMediaType: (contentType: string) =>
    make(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`),
  tooManyRequests: (message: string) => make(429, 'TooManyRequests', message),
  internal: (message: string) => make(500, 'InternalError', `Internal error occurred: ${message}`),
  serviceUnavailable: (message: string) => make(503, 'ServiceUnavailable', message),
};

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409 && e.reason === 'Conflict';
}
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists';
}
