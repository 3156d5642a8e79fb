// Memoizes the OpenAPI documents and the strict-validation schema lookups for the current set of
// served resources and CRDs. The API server asks it for documents on each /openapi request and
// calls invalidate() whenever a CRD (or the registry) changes; everything is rebuilt lazily.

import { buildCatalog, type Catalog } from './catalog.js';
import { buildOpenApiV2, buildOpenApiV3Document, buildOpenApiV3Index, type BuiltDocument } from './documents.js';
import type { OpenApiInput, Gvk, Schema } from './types.js';
import { findTypeError } from './type-check.js';
import { findUnknownFields } from './unknown-fields.js';

export class OpenApiService {
  private catalog?: Catalog;
  private v3?: Map<string, BuiltDocument>;
  private v2?: BuiltDocument;

  /** `source` is read again after each invalidate(). */
  constructor(private readonly source: () => OpenApiInput) {}

  invalidate(): void {
    this.catalog = undefined;
    this.v3 = undefined;
    this.v2 = undefined;
  }

  getCatalog(): Catalog {
    this.catalog ??= buildCatalog(this.source());
    return this.catalog;
  }

  /** All group-version documents, keyed "api/v1", "apis/apps/v1", ... */
  v3Documents(): Map<string, BuiltDocument> {
    if (!this.v3) {
      const catalog = this.getCatalog();
      this.v3 = new Map();
      for (const gv of catalog.groupVersions.keys()) this.v3.set(gv, buildOpenApiV3Document(catalog, gv)!);
    }
    return this.v3;
  }

  v3Index(): Schema {
    return buildOpenApiV3Index(this.v3Documents());
  }

  /** Document for "apis/apps/v1" (leading slash tolerated); undefined → 404. */
  v3Document(groupVersion: string): BuiltDocument | undefined {
    return this.v3Documents().get(groupVersion.replace(/^\/+/, '').replace(/\/+$/, ''));
  }

  v2Document(): BuiltDocument {
    this.v2 ??= buildOpenApiV2(this.getCatalog());
    return this.v2;
  }

  /** Unknown-field paths of `obj` against the schema of `gvk` (empty when no schema is known). */
  unknownFields(gvk: Gvk, obj: unknown): string[] {
    return findUnknownFields(this.getCatalog(), gvk, obj);
  }

  /** The first Go decoding (type) error of `obj` as built-in kind `gvk`, or undefined. */
  typeError(gvk: Gvk, obj: unknown, raw?: string): string | undefined {
    return findTypeError(this.getCatalog(), gvk, obj, raw);
  }
}
