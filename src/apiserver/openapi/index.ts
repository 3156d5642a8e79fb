// Public surface of the OpenAPI module: documents for /openapi/v2 and /openapi/v3 and strict field
// validation (unknown and duplicate fields), all derived from upstream's schemas and served CRDs.

export { OpenApiService } from './openapi-service.js';
export { buildCatalog, definitionFor, type Catalog, type KindEntry } from './catalog.js';
export { buildOpenApiV2, buildOpenApiV3Document, buildOpenApiV3Index, type BuiltDocument } from './documents.js';
export { findUnknownFields } from './unknown-fields.js';
export { decodeErrorMessage, findTypeError } from './type-check.js';
export { findDuplicateFields, findDuplicateJsonFields, findDuplicateYamlFields } from './duplicate-fields.js';
export { strictDecodingMessage, strictDecodingWarnings } from './strict-errors.js';
export { crdDefinitionName } from './crd-definitions.js';
export { negotiateV2, OPENAPI_V2_PROTOBUF } from './negotiate.js';
export type { Gvk, OpenApiInput, Schema } from './types.js';
