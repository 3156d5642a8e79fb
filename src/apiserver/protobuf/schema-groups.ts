// Field tables for the served kinds outside core/v1: apps/v1 (StatefulSet, ControllerRevision),
// coordination/v1 Lease, discovery/v1 EndpointSlice, storage/v1 StorageClass, events/v1 Event,
// policy/v1 Eviction, autoscaling/v1 Scale, and the authentication/authorization requests kubectl
// sends. Syntax: see schema-meta.ts.

export const GROUP_MESSAGES: Record<string, string> = {
  StatefulSet: '1 metadata ObjectMeta; 2 spec StatefulSetSpec; 3 status StatefulSetStatus',
  StatefulSetSpec:
    '1 replicas i32?; 2 selector LabelSelector; 3 template PodTemplateSpec; 4 volumeClaimTemplates []PersistentVolumeClaim; ' +
    '5 serviceName s; 6 podManagementPolicy s; 7 updateStrategy StatefulSetUpdateStrategy; 8 revisionHistoryLimit i32?; ' +
    '9 minReadySeconds i32; 10 persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy; ' +
    '11 ordinals StatefulSetOrdinals',
  StatefulSetUpdateStrategy: '1 type s; 2 rollingUpdate RollingUpdateStatefulSetStrategy',
  RollingUpdateStatefulSetStrategy: '1 partition i32?; 2 maxUnavailable IntOrString',
  StatefulSetPersistentVolumeClaimRetentionPolicy: '1 whenDeleted s; 2 whenScaled s',
  StatefulSetOrdinals: '1 start i32',
  StatefulSetStatus:
    '1 observedGeneration i64; 2 replicas i32?; 3 readyReplicas i32; 4 currentReplicas i32; 5 updatedReplicas i32; ' +
    '6 currentRevision s; 7 updateRevision s; 9 collisionCount i32?; 10 conditions []StatefulSetCondition; 11 availableReplicas i32',
  StatefulSetCondition: '1 type s; 2 status s; 3 lastTransitionTime Time; 4 reason s; 5 message s',
  ControllerRevision: '1 metadata ObjectMeta; 2 data RawExtension; 3 revision i64?',

  Lease: '1 metadata ObjectMeta; 2 spec LeaseSpec',
  LeaseSpec:
    '1 holderIdentity s?; 2 leaseDurationSeconds i32?; 3 acquireTime MicroTime; 4 renewTime MicroTime; 5 leaseTransitions i32?; ' +
    '6 strategy s?; 7 preferredHolder s?',

  EndpointSlice: '1 metadata ObjectMeta; 2 endpoints []Endpoint; 3 ports []EndpointPort; 4 addressType s',
  Endpoint:
    '1 addresses []s; 2 conditions EndpointConditions; 3 hostname s?; 4 targetRef ObjectReference; 5 deprecatedTopology {}s; ' +
    '6 nodeName s?; 7 zone s?; 8 hints EndpointHints',
  EndpointConditions: '1 ready b?; 2 serving b?; 3 terminating b?',
  EndpointHints: '1 forZones []ForZone; 2 forNodes []ForZone',
  ForZone: '1 name s',
  EndpointPort: '1 name s?; 2 protocol s?; 3 port i32?; 4 appProtocol s?',

  StorageClass:
    '1 metadata ObjectMeta; 2 provisioner s; 3 parameters {}s; 4 reclaimPolicy s?; 5 mountOptions []s; ' +
    '6 allowVolumeExpansion b?; 7 volumeBindingMode s?; 8 allowedTopologies []TopologySelectorTerm',
  TopologySelectorTerm: '1 matchLabelExpressions []TopologySelectorLabelRequirement',
  TopologySelectorLabelRequirement: '1 key s; 2 values []s',

  EventsV1Event:
    '1 metadata ObjectMeta; 2 eventTime MicroTime; 3 series EventsV1EventSeries; 4 reportingController s; 5 reportingInstance s; ' +
    '6 action s; 7 reason s; 8 regarding ObjectReference; 9 related ObjectReference; 10 note s; 11 type s; ' +
    '12 deprecatedSource EventSource; 13 deprecatedFirstTimestamp Time; 14 deprecatedLastTimestamp Time; 15 deprecatedCount i32',
  EventsV1EventSeries: '1 count i32; 2 lastObservedTime MicroTime',

  Eviction: '1 metadata ObjectMeta; 2 deleteOptions DeleteOptions',
  Scale: '1 metadata ObjectMeta; 2 spec ScaleSpec; 3 status ScaleStatus',

  // Sent by kubectl create token / auth can-i / auth whoami, for when the sandbox serves them.
  TokenRequest: '1 metadata ObjectMeta; 2 spec TokenRequestSpec; 3 status TokenRequestStatus',
  TokenRequestSpec: '1 audiences []s; 3 boundObjectRef BoundObjectReference; 4 expirationSeconds i64?',
  BoundObjectReference: '1 kind s; 2 apiVersion s; 3 name s; 4 uid s',
  TokenRequestStatus: '1 token s; 2 expirationTimestamp Time',
  SelfSubjectAccessReview: '1 metadata ObjectMeta; 2 spec SelfSubjectAccessReviewSpec; 3 status SubjectAccessReviewStatus',
  SelfSubjectAccessReviewSpec: '1 resourceAttributes ResourceAttributes; 2 nonResourceAttributes NonResourceAttributes',
  ResourceAttributes: '1 namespace s; 2 verb s; 3 group s; 4 version s; 5 resource s; 6 subresource s; 7 name s',
  NonResourceAttributes: '1 path s; 2 verb s',
  SubjectAccessReviewStatus: '1 allowed b?; 2 reason s; 3 evaluationError s; 4 denied b',
  SelfSubjectReview: '1 metadata ObjectMeta; 2 status SelfSubjectReviewStatus',
  SelfSubjectReviewStatus: '1 userInfo UserInfo',
  UserInfo: '1 username s; 2 uid s; 3 groups []s; 4 extra {}ExtraValue',
  ExtraValue: '1 items []s',
  ScaleSpec: '1 replicas i32',
  ScaleStatus: '1 replicas i32?; 2 selector s',
};

/** apiVersion + kind (as the envelope's TypeMeta names them) → top-level message. */
export const KIND_MESSAGES: Record<string, string> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/Event': 'Event',
  'v1/PersistentVolumeClaim': 'PersistentVolumeClaim',
  'v1/PersistentVolume': 'PersistentVolume',
  'v1/Node': 'Node',
  'v1/Pod': 'Pod',
  'v1/Binding': 'Binding',
  'v1/DeleteOptions': 'DeleteOptions',
  'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
  'apps/v1/StatefulSet': 'StatefulSet',
  'apps/v1/ControllerRevision': 'ControllerRevision',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'discovery.k8s.io/v1/EndpointSlice': 'EndpointSlice',
  'storage.k8s.io/v1/StorageClass': 'StorageClass',
  'events.k8s.io/v1/Event': 'EventsV1Event',
  'policy/v1/Eviction': 'Eviction',
  'autoscaling/v1/Scale': 'Scale',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
};
