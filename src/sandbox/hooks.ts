// Wires the per-kind behaviour (admission strategies, table printers, OpenAPI) into the API server.

import type { ApiServer } from '../apiserver/api-server.js';
import type { NonResourceHandlers } from '../apiserver/handler.js';
import type { FieldValidator } from '../apiserver/rest/context.js';
import type { BuiltinHooks } from '../registry/builtin.js';

export interface ServerHooks {
  builtin: BuiltinHooks;
  fieldValidator?: FieldValidator;
  extraHandlers(server: () => ApiServer): NonResourceHandlers[];
}

export async function builtinHooks(): Promise<ServerHooks> {
  return {
    builtin: { strategies: {}, printers: {} },
    extraHandlers: () => [],
  };
}
