// Upstream's wording for strict field validation results: the BadRequest message of
// fieldValidation=Strict and the Warning headers of fieldValidation=Warn.

/** `StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.foo", ...` */
export function strictDecodingMessage(kind: string, version: string, problems: string[]): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${problems.join(', ')}`;
}

/** One Warning header value per problem, as fieldValidation=Warn returns them. */
export function strictDecodingWarnings(problems: string[]): string[] {
  return [...problems];
}

/** Go's %q as upstream formats `unknown field %q` / `duplicate field %q` (exact for ASCII paths). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
