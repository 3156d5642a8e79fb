// Informers: the list+watch cache of one resource (list-watch-informer.ts) and the process-wide
// sharing of those caches among components (shared-informers.ts). Components lease shared
// informers (`sharedInformer(client, ref, opts)` or an InformerFactory); `createInformer` makes a
// private one, for one-off uses such as a CLI command.

export { createInformer, deepFreeze, type InformerConfig, type SharedInformer } from './list-watch-informer.js';
export { InformerFactory, SharedInformerPool, informerKey, sharedInformer, sharedInformers } from './shared-informers.js';
