// Entry point used by the API server's codec: turns an application/vnd.kubernetes.protobuf request
// body into the JSON object the handlers expect, mapping failures onto kube-apiserver's statuses:
// 400 BadRequest for malformed protobuf, 415 UnsupportedMediaType for kinds without a schema here.

import { errors } from '../../apimachinery/errors.js';
import { decodeProtobufObject, readEnvelope, UnsupportedProtobufKindError } from './envelope.js';
import { ProtobufDecodeError } from './wire-reader.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

export { decodeProtobufObject, readEnvelope, UnsupportedProtobufKindError, ProtobufDecodeError };

/** Decodes a protobuf request body or throws the ApiError kube-apiserver would answer with. */
export function decodeProtobufRequest(body: Uint8Array): Record<string, any> {
  try {
    return decodeProtobufObject(body);
  } catch (e) {
    if (e instanceof UnsupportedProtobufKindError) throw errors.unsupportedMediaType(PROTOBUF_MEDIA_TYPE);
    if (e instanceof ProtobufDecodeError) throw errors.badRequest(decodeErrorMessage(body, e));
    throw e;
  }
}

/**
 * kube-apiserver's wording (transformDecodeError): with a known kind,
 * `<Kind> in version "<v>" cannot be handled as a <Kind>: <err>`; without one, the raw decode error.
 */
function decodeErrorMessage(body: Uint8Array, e: ProtobufDecodeError): string {
  let kind = '';
  let version = '';
  try {
    const env = readEnvelope(body);
    kind = env.kind;
    version = env.apiVersion.split('/').pop() ?? '';
  } catch {
    // The envelope itself is broken: no kind to name.
  }
  if (kind) return `${kind} in version "${version}" cannot be handled as a ${kind}: ${e.message}`;
  return `error decoding from protobuf: ${e.message}`;
}
