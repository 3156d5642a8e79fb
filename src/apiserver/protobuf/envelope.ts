// Kubernetes' protobuf envelope: the 4-byte magic "k8s\0" followed by a runtime.Unknown whose
// typeMeta names the object's apiVersion/kind and whose raw bytes hold the object's message.
// Decoding yields the JSON-shaped object the rest of the API server already handles.

import { decodeMessage } from './decode-message.js';
import { messageForKind } from './schema.js';
import { ProtobufDecodeError } from './wire-reader.js';

export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The envelope names a kind the sandbox's tables do not cover (becomes 415). */
export class UnsupportedProtobufKindError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
    this.name = 'UnsupportedProtobufKindError';
  }
}

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function hasProtobufMagic(buf: Uint8Array): boolean {
  return buf.length >= 4 && PROTOBUF_MAGIC.every((b, i) => buf[i] === b);
}

/** Splits a body into its envelope parts; throws ProtobufDecodeError for a malformed one. */
export function readEnvelope(buf: Uint8Array): Envelope {
  if (!hasProtobufMagic(buf)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`);
  }
  const u = decodeMessage('Unknown', buf.subarray(4));
  const tm = (u.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const raw = typeof u.raw === 'string' ? Buffer.from(u.raw, 'base64') : new Uint8Array(0);
  return {
    apiVersion: tm.apiVersion ?? '',
    kind: tm.kind ?? '',
    raw,
    contentEncoding: (u.contentEncoding as string) ?? '',
    contentType: (u.contentType as string) ?? '',
  };
}

/** Decodes a whole protobuf request body into a JSON object with apiVersion and kind set. */
export function decodeProtobufObject(buf: Uint8Array): Record<string, unknown> {
  const env = readEnvelope(buf);
  if (!env.kind) throw new ProtobufDecodeError("Object 'Kind' is missing in protobuf envelope");
  const message = messageForKind(env.apiVersion, env.kind);
  if (!message) throw new UnsupportedProtobufKindError(env.apiVersion, env.kind);
  return { apiVersion: env.apiVersion, kind: env.kind, ...decodeMessage(message, env.raw) };
}
