// Errors raised while applying a strategic merge patch, with apimachinery's mergepatch texts.
// Each carries the HTTP treatment kube-apiserver gives it (interpretStrategicMergePatchError):
// malformed directives are 400, lists of lists and retainKeys mismatches are the generic 422,
// everything else is a plain error the handler reports as a reason-less 500.

import type { ApiError } from '../../apimachinery/errors.js';
import { badRequest, genericUnprocessable, unknownServerError } from './patch-errors.js';
import { goFormat, goTypeName } from '../../apimachinery/json-value.js';

export type SmpErrorClass = 'badRequest' | 'unprocessable' | 'server';

export class SmpError extends Error {
  constructor(
    readonly errorClass: SmpErrorClass,
    message: string,
  ) {
    super(message);
    this.name = 'SmpError';
  }

  toApiError(): ApiError {
    if (this.errorClass === 'badRequest') return badRequest(this.message);
    if (this.errorClass === 'unprocessable') return genericUnprocessable();
    return unknownServerError(this.message);
  }
}

const bad = (m: string) => () => new SmpError('badRequest', m);

export const smpErr = {
  badJsonDoc: bad('invalid JSON document'),
  badPrimitiveListFormat: bad('invalid patch format of primitive list'),
  badRetainKeysFormat: bad('invalid patch format of retainKeys'),
  badSetElementOrderFormat: bad('invalid patch format of setElementOrder list'),
  noListOfLists: () => new SmpError('unprocessable', 'lists of lists are not supported'),
  noMergeKey: (m: unknown, key: string) => new SmpError('server', `map: ${goFormat(m)} does not contain declared merge key: ${key}`),
  badArgType: (expected: string, actual: unknown) =>
    new SmpError('server', `expected a ${expected}, but received a ${goTypeName(actual)}`),
  badPatchType: (directive: unknown, m: unknown) =>
    new SmpError('server', `unknown patch type: ${typeof directive === 'string' ? directive : goFormat(directive)} in map: ${goFormat(m)}`),
  mergeListDirective: () => new SmpError('server', 'merging lists cannot yet be specified in the patch'),
  elementTypesDiffer: (lists: unknown[][]) => new SmpError('server', `list element types are not identical: ${goFormat(lists)}`),
  noElements: () => new SmpError('server', 'no elements in any of the given slices'),
  noMergeKeyDeclared: (elementKind: string) => new SmpError('server', `cannot merge lists without merge key for type ${elementKind}`),
  orderMismatch: (patchList: unknown[], orderList: unknown[]) =>
    new SmpError('server', `the order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(orderList)}`),
  notAMap: (index: number) => new SmpError('server', `value for key ${index} is not a map.`),
};

export const GO_MAP = 'map[string]interface {}';
export const GO_SLICE = '[]interface {}';
