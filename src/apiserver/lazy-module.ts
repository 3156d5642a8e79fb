// Loads a CommonJS dependency synchronously the first time it is needed. `yaml`, `ajv` and `ws` serve
// only some requests (YAML bodies, custom resource writes, exec/attach) but cost ~0.1 s each to load,
// and `ordinal up` should not pay for them before it reports ready.

import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** A getter for module `id`, required on its first call. */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
