// OpenKruise Advanced StatefulSet API: types, defaulting, validation and the admission strategy.

export * from './types.js';
export { defaultKruiseStatefulSet } from './defaults.js';
export { validateKruiseStatefulSet, validateKruiseStatefulSetUpdate, validateKruiseStatefulSetSpec, KRUISE_SPEC_FORBIDDEN } from './validation.js';
export { kruiseStatefulSetStrategy, admitKruiseStatefulSet, type AdmissionOp } from './strategy.js';
export { calculateInPlaceUpdate, inPlaceOnlyViolation, describeImages, type InPlaceSpec, type InPlaceDecision } from './inplace-diff.js';
