// Wires the per-kind behaviour (admission strategies, table printers, OpenAPI) into the API server.

import type { ApiServer } from '../apiserver/api-server.js';
import { json, type NonResourceHandlers } from '../apiserver/handler.js';
import { errors } from '../apimachinery/errors.js';
import { findDuplicateFields, negotiateV2, OpenApiService, strictDecodingMessage } from '../apiserver/openapi/index.js';
import type { ApiRequest, ApiResponse } from '../apiserver/request.js';
import type { FieldValidator } from '../apiserver/rest/context.js';
import type { BuiltinHooks } from '../registry/builtin.js';
import { printersByResource } from '../registry/printers/index.js';
import { strategies } from '../registry/admission/index.js';
import type { KubeObject } from '../apimachinery/types.js';

export interface ServerHooks {
  builtin: BuiltinHooks;
  fieldValidator?: FieldValidator;
  extraHandlers(server: () => ApiServer): NonResourceHandlers[];
}

/** Serves /openapi/v2 and /openapi/v3[/...] from the OpenAPI module, rebuilt when types change. */
function openApiHandler(server: () => ApiServer, svc: () => OpenApiService): NonResourceHandlers {
  return {
    handle(req: ApiRequest): ApiResponse | undefined {
      if (!req.path.startsWith('/openapi/')) return undefined;
      if (req.path === '/openapi/v2') {
        if (negotiateV2(req.headers['accept']) === 'not-acceptable') {
          return json(406, errors.notAcceptable('only application/json is supported for /openapi/v2').status);
        }
        return { status: 200, body: svc().v2Document().json, contentType: 'application/json' };
      }
      if (req.path === '/openapi/v3' || req.path === '/openapi/v3/') return json(200, svc().v3Index());
      const doc = svc().v3Document(req.path.slice('/openapi/v3/'.length));
      void server;
      if (!doc) return undefined;
      return { status: 200, body: doc.json, contentType: 'application/json' };
    },
  };
}

export async function builtinHooks(): Promise<ServerHooks> {
  let service: OpenApiService | undefined;
  let serverRef: (() => ApiServer) | undefined;
  const svc = (): OpenApiService => {
    if (!service) {
      const server = serverRef!();
      service = new OpenApiService(() => ({
        resources: server.registry.all(),
        crds: server.ctx.store.list('apiextensions.k8s.io/customresourcedefinitions').map((o) => o.obj as KubeObject),
      }));
      server.registry.onChange(() => service!.invalidate());
    }
    return service;
  };
  const fieldValidator: FieldValidator = {
    problems: (type, version, obj, raw, contentType) => [
      ...svc().unknownFields({ group: type.group, version, kind: type.kind }, obj),
      ...(raw ? findDuplicateFields(raw, contentType) : []),
    ],
    strictMessage: strictDecodingMessage,
    // CRDs are checked against their structural schema elsewhere; built-ins decode into Go types.
    typeError: (type, version, obj, raw) => (type.crd ? undefined : svc().typeError({ group: type.group, version, kind: type.kind }, obj, raw)),
  };
  return {
    builtin: { strategies, printers: printersByResource },
    fieldValidator,
    extraHandlers: (server) => {
      serverRef = server;
      return [openApiHandler(server, svc)];
    },
  };
}
