// Content negotiation for /openapi/v2. kubectl asks for the gnostic protobuf encoding
// (application/com.github.proto-openapi.spec.v2@v1.0+protobuf) and nothing else; this server
// only speaks JSON, so such a request gets 406 Not Acceptable, which client-go treats as "no v2
// document" (kubectl then relies on /openapi/v3). Clients that accept JSON get JSON.

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** 'json' when the Accept header allows JSON (or is absent), else 'not-acceptable'. */
export function negotiateV2(accept: string | undefined): 'json' | 'not-acceptable' {
  if (!accept) return 'json';
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  return types.some((t) => t === 'application/json' || t === '*/*' || t === 'application/*') ? 'json' : 'not-acceptable';
}
