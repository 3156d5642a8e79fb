// The decoding and unknown-field checks of a PATCH, done on what the patch writes rather than on
// the whole patched object. kube-apiserver decodes the patched map into the kind's Go struct once
// (FromUnstructuredWithValidation): a value of the wrong type is a 422 naming `patch`, unknown
// fields are Warn/Strict problems. Its stored object is a decoded struct, so only what the patch
// brings can fail those checks. Ours is the same: the stored object passed them when it was
// written. So the small patch body is checked first, and the whole patched object only when the
// body shows a problem, to word it exactly as before (field paths and list indices as they are in
// the patched object, the first error in its document order). The write path after the patch asks
// the same questions again about the same object; those are answered from the first pass.

import type { FieldValidator } from './context.js';

/**
 * A FieldValidator for one PATCH attempt: questions about `patched` are answered by looking at
 * `written` (see PatchOutcome.written) first; questions about any other object go to `inner`.
 */
export function patchFieldValidator(inner: FieldValidator, patched: object, written: unknown): FieldValidator {
  let typeChecked = false;
  let typeProblem: string | undefined;
  const typeError = inner.typeError;
  return {
    strictMessage: inner.strictMessage,
    problems(type, version, obj, raw, contentType) {
      if (obj !== patched || written === undefined) return inner.problems(type, version, obj, raw, contentType);
      if (inner.problems(type, version, written).length > 0) return inner.problems(type, version, obj, raw, contentType);
      // Nothing unknown: what is left are duplicate fields in the body text.
      return raw === undefined ? [] : inner.problems(type, version, {}, raw, contentType);
    },
    typeError:
      typeError &&
      ((type, version, obj, raw) => {
        if (obj !== patched) return typeError(type, version, obj, raw);
        if (!typeChecked) {
          const clean = written !== undefined && typeError(type, version, written, raw) === undefined;
          typeProblem = clean ? undefined : typeError(type, version, obj, raw);
          typeChecked = true;
        }
        return typeProblem;
      }),
  };
}
