// Field tables for k8s.io/apimachinery messages (meta/v1, runtime) and the shared scalar-like
// messages of core/v1 used across groups. Numbers follow upstream's generated.proto files.
//
// Table syntax (one string per message, entries separated by ';'):
//   "<number> <jsonName> <type>"  with type one of
//     s | b | i32 | i64 | f64 | bytes   scalars (bytes render as base64, like Go's JSON)
//     <MessageName>                     a nested message (special ones: Time, MicroTime,
//                                       Quantity, IntOrString, RawExtension, FieldsV1, Duration)
//     []<type>                          repeated
//     {}<type>                          map<string, type>, sent as repeated key=1/value=2 entries
//   a trailing '?' keeps a zero value: Go pointer fields (sent only when set, so zero is meaningful)
//   and fields without omitempty; other zero scalars are dropped, as Go's omitempty JSON would.
//   jsonName '*' embeds the message's fields inline (Go struct embedding, e.g. LocalObjectReference).

export const META_MESSAGES: Record<string, string> = {
  TypeMeta: '1 apiVersion s; 2 kind s',
  Unknown: '1 typeMeta TypeMeta; 2 raw bytes; 3 contentEncoding s; 4 contentType s',
  ObjectMeta:
    '1 name s; 2 generateName s; 3 namespace s; 4 selfLink s; 5 uid s; 6 resourceVersion s; 7 generation i64; ' +
    '8 creationTimestamp Time; 9 deletionTimestamp Time; 10 deletionGracePeriodSeconds i64?; 11 labels {}s; ' +
    '12 annotations {}s; 13 ownerReferences []OwnerReference; 14 finalizers []s; 17 managedFields []ManagedFieldsEntry',
  OwnerReference: '1 kind s; 3 name s; 4 uid s; 5 apiVersion s; 6 controller b?; 7 blockOwnerDeletion b?',
  ManagedFieldsEntry: '1 manager s; 2 operation s; 3 apiVersion s; 4 time Time; 6 fieldsType s; 7 fieldsV1 FieldsV1; 8 subresource s',
  LabelSelector: '1 matchLabels {}s; 2 matchExpressions []LabelSelectorRequirement',
  LabelSelectorRequirement: '1 key s; 2 operator s; 3 values []s',
  Condition: '1 type s; 2 status s; 3 observedGeneration i64; 4 lastTransitionTime Time; 5 reason s; 6 message s',
  DeleteOptions:
    '1 gracePeriodSeconds i64?; 2 preconditions Preconditions; 3 orphanDependents b?; 4 propagationPolicy s?; 5 dryRun []s; ' +
    '6 ignoreStoreReadErrorWithClusterBreakingPotential b?',
  Preconditions: '1 uid s?; 2 resourceVersion s?',
  // core/v1 reference types shared by every group.
  ObjectReference: '1 kind s; 2 namespace s; 3 name s; 4 uid s; 5 apiVersion s; 6 resourceVersion s; 7 fieldPath s',
  LocalObjectReference: '1 name s',
  TypedLocalObjectReference: '1 apiGroup s?; 2 kind s; 3 name s',
  TypedObjectReference: '1 apiGroup s?; 2 kind s; 3 name s; 4 namespace s?',
  SecretReference: '1 name s; 2 namespace s',
};
