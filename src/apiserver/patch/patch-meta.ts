// Strategic-merge-patch metadata for built-in kinds: which lists merge (and by which key),
// which use retainKeys, which replace. Upstream reads these from the `patchStrategy` /
// `patchMergeKey` struct tags of k8s.io/api types; this table carries the same facts for the
// kinds the sandbox serves. A field without an entry behaves like an untagged Go field: maps
// merge recursively, lists are replaced wholesale (tolerations, envFrom, args, command,
// volumeClaimTemplates, taints, resizePolicy, ...).

export interface FieldPatchMeta {
  /** `merge` for lists merged by mergeKey (or set-union for primitive lists); `replace` for atomic maps. */
  readonly strategy?: 'merge' | 'replace';
  /** The `retainKeys` strategy: clients send `$retainKeys` so the server clears unlisted keys. */
  readonly retainKeys?: boolean;
  readonly mergeKey?: string;
  /** Metadata of the value (for a map) or of each element (for a list of maps). */
  readonly schema?: PatchSchema;
}

export type PatchSchema = { readonly [field: string]: FieldPatchMeta };

const NO_META: FieldPatchMeta = {};

export function fieldMeta(schema: PatchSchema, field: string): FieldPatchMeta {
  return Object.hasOwn(schema, field) ? schema[field] : NO_META;
}

const mergeBy = (mergeKey: string, schema?: PatchSchema): FieldPatchMeta => ({ strategy: 'merge', mergeKey, schema });
const retainBy = (mergeKey: string): FieldPatchMeta => ({ strategy: 'merge', retainKeys: true, mergeKey });
const byType = mergeBy('type');

// metav1.ObjectMeta
const objectMeta: PatchSchema = {
  finalizers: { strategy: 'merge' },
  ownerReferences: mergeBy('uid'),
};

// core/v1 Container and EphemeralContainerCommon (resizePolicy is +listType=atomic, no strategy).
const container: PatchSchema = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
};

// core/v1 PodSpec (tolerations, readinessGates, dnsConfig lists carry no strategy).
const podSpec: PatchSchema = {
  volumes: retainBy('name'),
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', container),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  resourceClaims: retainBy('name'),
  schedulingGates: mergeBy('name'),
};

const podStatus: PatchSchema = {
  conditions: byType,
  podIPs: mergeBy('ip'),
  hostIPs: mergeBy('ip'),
  resourceClaimStatuses: retainBy('name'),
};

const podTemplateSpec: PatchSchema = { metadata: { schema: objectMeta }, spec: { schema: podSpec } };
const conditionsStatus: PatchSchema = { conditions: byType };

const obj = (fields: PatchSchema): PatchSchema => ({ metadata: { schema: objectMeta }, ...fields });
const nested = (schema: PatchSchema): FieldPatchMeta => ({ schema });
/** A workload whose spec.template is a PodTemplateSpec and whose status has typed conditions. */
const workload = (spec: PatchSchema = {}): PatchSchema =>
  obj({ spec: nested({ template: nested(podTemplateSpec), ...spec }), status: nested(conditionsStatus) });

const METADATA_ONLY = obj({});

const TABLE: Readonly<Record<string, PatchSchema>> = {
  Pod: obj({ spec: nested(podSpec), status: nested(podStatus) }),
  PodTemplate: obj({ template: nested(podTemplateSpec) }),
  // apps/v1 StatefulSet and apps.kruise.io StatefulSet share the template layout.
  StatefulSet: workload(),
  Deployment: workload({ strategy: { retainKeys: true } }),
  ReplicaSet: workload(),
  DaemonSet: workload(),
  ReplicationController: workload(),
  Job: workload(),
  CronJob: obj({
    spec: nested({ jobTemplate: nested({ metadata: nested(objectMeta), spec: nested({ template: nested(podTemplateSpec) }) }) }),
  }),
  // A StatefulSet revision's data is itself the SMP that `kubectl rollout undo` sends.
  ControllerRevision: obj({ data: nested({ spec: nested({ template: nested(podTemplateSpec) }) }) }),
  Service: obj({ spec: nested({ ports: mergeBy('port') }), status: nested(conditionsStatus) }),
  Node: obj({ spec: nested({ podCIDRs: { strategy: 'merge' } }), status: nested({ conditions: byType, addresses: byType }) }),
  PersistentVolumeClaim: obj({ status: nested(conditionsStatus) }),
  Namespace: obj({ status: nested(conditionsStatus) }),
  ServiceAccount: obj({ secrets: mergeBy('name') }),
  PodDisruptionBudget: obj({ status: nested(conditionsStatus) }),
  PersistentVolume: METADATA_ONLY,
  Endpoints: METADATA_ONLY,
  EndpointSlice: METADATA_ONLY,
  ConfigMap: METADATA_ONLY,
  Secret: METADATA_ONLY,
  Event: METADATA_ONLY,
  Lease: METADATA_ONLY,
  StorageClass: METADATA_ONLY,
  Scale: METADATA_ONLY,
};

/** The patch schema of a kind; unknown kinds still get ObjectMeta's strategies. */
export function patchMetaFor(kind: string): PatchSchema {
  return Object.hasOwn(TABLE, kind) ? TABLE[kind] : METADATA_ONLY;
}

export interface FlatPatchMeta {
  path: string;
  strategy?: 'merge' | 'replace';
  retainKeys?: boolean;
  mergeKey?: string;
}

/** Every tagged field of a kind as dotted paths (`spec.template.spec.containers`); for docs and tests. */
export function flattenPatchMeta(kind: string): FlatPatchMeta[] {
  const out: FlatPatchMeta[] = [];
  const walk = (schema: PatchSchema, prefix: string): void => {
    for (const [field, meta] of Object.entries(schema)) {
      const path = prefix ? `${prefix}.${field}` : field;
      if (meta.strategy || meta.retainKeys) {
        out.push({ path, strategy: meta.strategy, retainKeys: meta.retainKeys, mergeKey: meta.mergeKey });
      }
      if (meta.schema) walk(meta.schema, path);
    }
  };
  walk(patchMetaFor(kind), '');
  return out;
}
