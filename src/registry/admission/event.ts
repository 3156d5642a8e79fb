// Event strategies for core/v1 Events and events.k8s.io/v1 Events (core validation ValidateEvent[Update]).
// Core events are validated leniently (old clients write them); events.k8s.io requires the newer
// reporting fields. Paths use each API's own field names (note/regarding for events.k8s.io).

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isQualifiedName, nameIsDNSSubdomain, validatePathSegmentName } from './name-rules.js';
import { carryOverMeta } from './util.js';

const EVENT_TYPES = ['Normal', 'Warning'];
const NOTE_LIMIT = 1024;
const FIELD_LIMIT = 128;

function lengthLimit(v: unknown, limit: number, path: string): FieldError[] {
  return typeof v === 'string' && v.length > limit ? [fieldErr.invalid(path, '', `can have at most ${limit} characters`)] : [];
}

function validateType(type: unknown): FieldError[] {
  return type && !EVENT_TYPES.includes(String(type)) ? [fieldErr.notSupported('type', type, EVENT_TYPES)] : [];
}

/** core/v1 Event: the involved object's namespace must match, reporting fields are optional. */
export function validateCoreEvent(ev: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, true, validatePathSegmentName);
  const ns = ev.involvedObject?.namespace ?? '';
  const evNs = ev.metadata.namespace ?? '';
  // Events about cluster-scoped objects live in "default" (or nowhere), as old clients wrote them.
  const mismatch = ns ? ns !== evNs : evNs !== '' && evNs !== 'default';
  if (mismatch) errs.push(fieldErr.invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
  errs.push(...validateType(ev.type));
  errs.push(...lengthLimit(ev.message, NOTE_LIMIT, 'message'));
  if (ev.reportingComponent) isQualifiedName(ev.reportingComponent).forEach((m) => errs.push(fieldErr.invalid('reportingComponent', ev.reportingComponent, m)));
  return errs;
}

function requiredString(v: unknown, path: string, limit?: number): FieldError[] {
  if (!v) return [fieldErr.required(path)];
  return limit ? lengthLimit(v, limit, path) : [];
}

/** events.k8s.io/v1 Event: eventTime, reportingController/Instance, action and reason required. */
export function validateEventsV1(ev: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain);
  const ns = ev.regarding?.namespace;
  if (ns && ns !== ev.metadata.namespace) errs.push(fieldErr.invalid('regarding.namespace', ns, 'does not match event.namespace'));
  if (!ev.eventTime) errs.push(fieldErr.required('eventTime'));
  errs.push(...requiredString(ev.reportingController, 'reportingController'));
  if (ev.reportingController) isQualifiedName(ev.reportingController).forEach((m) => errs.push(fieldErr.invalid('reportingController', ev.reportingController, m)));
  errs.push(...requiredString(ev.reportingInstance, 'reportingInstance', FIELD_LIMIT));
  errs.push(...requiredString(ev.action, 'action', FIELD_LIMIT));
  errs.push(...requiredString(ev.reason, 'reason', FIELD_LIMIT));
  errs.push(...validateType(ev.type));
  errs.push(...lengthLimit(ev.note, NOTE_LIMIT, 'note'));
  return errs;
}

function immutableEventFields(fields: string[]) {
  return (ev: KubeObject, old: KubeObject): FieldError[] =>
    fields.flatMap((f) => (JSON.stringify(ev[f] ?? null) === JSON.stringify(old[f] ?? null) ? [] : [fieldErr.invalid(f, ev[f] ?? null, 'field is immutable')]));
}

const v1Immutable = immutableEventFields(['regarding', 'reason', 'note', 'reportingController', 'reportingInstance', 'action', 'eventTime', 'type', 'related']);

export const eventStrategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateCoreEvent,
  // Core events may be updated freely by old clients (count/lastTimestamp bumps): only re-validate.
  validateUpdate: (ev, old) => [...validateObjectMetaUpdate(ev.metadata, old.metadata), ...validateCoreEvent(ev).filter((e) => !e.field.startsWith('metadata.'))],
};

export const eventsV1Strategy: Strategy = {
  prepareForUpdate: carryOverMeta,
  validateCreate: validateEventsV1,
  validateUpdate: (ev, old) => [...validateObjectMetaUpdate(ev.metadata, old.metadata), ...validateEventsV1(ev).filter((e) => !e.field.startsWith('metadata.')), ...v1Immutable(ev, old)],
};
