// Query-parameter entry points for `labelSelector` and `fieldSelector`: parse, and turn any
// failure into the 400 BadRequest Status kube-apiserver returns, whose message is the bare parse
// (or field label conversion) error, e.g. `unable to parse requirement: ...` or
// `field label not supported: foo`.

import { errors } from './errors.js';
import { everything, parseSelector, SelectorError, type Selector } from './labels.js';
import { assertSupportedFields, everythingFields, FieldSelectorError, parseFieldSelector, type FieldSelector } from './fields.js';

/** `?labelSelector=`; absent or empty selects everything. Throws ApiError 400. */
export function labelSelectorParam(value: string | undefined | null): Selector {
  if (!value) return everything;
  try {
    return parseSelector(value);
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

/**
 * `?fieldSelector=`; absent or empty selects everything. `supported` says which field names the
 * resource accepts (metadata.name / metadata.namespace plus its selectable fields). Throws ApiError 400.
 */
export function fieldSelectorParam(value: string | undefined | null, supported: (field: string) => boolean): FieldSelector {
  if (!value) return everythingFields;
  try {
    const sel = parseFieldSelector(value);
    assertSupportedFields(sel, supported);
    return sel;
  } catch (e) {
    if (e instanceof FieldSelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}
