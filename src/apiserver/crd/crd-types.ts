// Turns a CustomResourceDefinition into the ResourceType the registry serves: names, scope,
// served versions (storage version first), subresources, printer columns and a strategy whose
// defaulting/pruning/validation come from the structural schema.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ResourceType, Strategy, TablePrinter } from '../../registry/types.js';
import { compileSchema } from './schema.js';
import type { PrinterColumn } from '../../registry/printers/index.js';

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: Record<string, any> };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

export type { PrinterColumn };

export type CrdPrinterFactory = (columns: PrinterColumn[]) => TablePrinter;

/**
 * Extra behaviour for a CRD beyond its schema, keyed by CRD name: what a validating/mutating
 * webhook does on a real cluster (e.g. Kruise's StatefulSet defaulting and validation).
 */
export type CrdStrategies = Record<string, Strategy | undefined>;

export function crdToType(crd: KubeObject, makePrinter?: CrdPrinterFactory, extra?: Strategy): ResourceType | undefined {
  const spec = crd.spec ?? {};
  const versions: CrdVersion[] = spec.versions ?? [];
  const storage = versions.find((v) => v.storage) ?? versions[0];
  const served = versions.filter((v) => v.served);
  if (!storage || served.length === 0) return undefined;
  const ordered = [storage, ...served.filter((v) => v !== storage)].filter((v) => v.served || v === storage);
  const compiled = compileSchema(storage.schema?.openAPIV3Schema);
  const hasStatus = !!storage.subresources?.status;
  const strategy = withExtra(
    {
      defaults: (obj) => {
        compiled.admit(obj);
      },
      prepareForCreate: (obj) => {
        if (hasStatus) delete obj.status;
      },
      validateCreate: (obj) => compiled.admit(obj),
      validateUpdate: (obj) => compiled.admit(obj),
      validateStatusUpdate: (obj) => compiled.admit(obj),
    },
    extra,
  );
  const names = spec.names ?? {};
  const columns = storage.additionalPrinterColumns ?? [];
  return {
    group: spec.group,
    versions: ordered.map((v) => v.name),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? String(names.kind).toLowerCase(),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    namespaced: spec.scope !== 'Cluster',
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    subresources: {
      ...(hasStatus ? { status: true } : {}),
      ...(storage.subresources?.scale ? { scale: storage.subresources.scale } : {}),
    },
    hasGeneration: true,
    strategy,
    printer: columns.length && makePrinter ? makePrinter(columns) : undefined,
    versionView: versionViews(spec.group, ordered.filter((v) => v !== storage)),
    crd: { name: crd.metadata.name!, storageVersion: storage.name },
  };
}

/** Schema first (pruning, defaults, structural validation), then the extra strategy. */
function withExtra(base: Strategy, extra: Strategy | undefined): Strategy {
  if (!extra) return base;
  return {
    defaults: (o) => {
      base.defaults?.(o);
      extra.defaults?.(o);
    },
    prepareForCreate: (o) => {
      base.prepareForCreate?.(o);
      extra.prepareForCreate?.(o);
    },
    prepareForUpdate: (o, old) => extra.prepareForUpdate?.(o, old),
    prepareForStatusUpdate: (o, old) => extra.prepareForStatusUpdate?.(o, old),
    validateCreate: (o) => [...(base.validateCreate?.(o) ?? []), ...(extra.validateCreate?.(o) ?? [])],
    validateUpdate: (o, old) => [...(base.validateUpdate?.(o, old) ?? []), ...(extra.validateUpdate?.(o, old) ?? [])],
    validateStatusUpdate: (o, old) => [...(base.validateStatusUpdate?.(o, old) ?? []), ...(extra.validateStatusUpdate?.(o, old) ?? [])],
    warnings: (o, old) => extra.warnings?.(o, old) ?? [],
  };
}

/** Per-version views: apiVersion rewritten, then pruned and defaulted by that version's schema. */
function versionViews(group: string, others: CrdVersion[]): ResourceType['versionView'] {
  const schemas = new Map(others.map((v) => [v.name, compileSchema(v.schema?.openAPIV3Schema)]));
  return (obj, version) => {
    const view = structuredClone(obj) as KubeObject;
    view.apiVersion = `${group}/${version}`;
    schemas.get(version)?.admit(view);
    return view;
  };
}
