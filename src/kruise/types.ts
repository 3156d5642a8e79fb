// OpenKruise Advanced StatefulSet (apps.kruise.io/v1beta1 StatefulSet) wire types and the label,
// annotation and condition names Kruise's controllers, webhooks and daemon agree on. Shared by the
// admission functions (defaulting/validation) and the controller, so both read one definition.

import type { KubeObject, LabelSelector } from '../apimachinery/types.js';
import type { IntOrString, StatefulSetSpecBase, StatefulSetStatus, UpdateStrategyType } from '../controllers/statefulset/types.js';

export const KruiseGroup = 'apps.kruise.io';
export const KruiseApiVersion = 'apps.kruise.io/v1beta1';
export const kruiseStatefulSetKind = { apiVersion: KruiseApiVersion, kind: 'StatefulSet' } as const;

export type PodUpdatePolicy = 'ReCreate' | 'InPlaceIfPossible' | 'InPlaceOnly';

export interface UpdatePriorityStrategy {
  orderPriority?: { orderedKey: string }[];
  weightPriority?: { weight: number; matchSelector: LabelSelector }[];
}

export interface RollingUpdateStatefulSetStrategy {
  partition?: number;
  maxUnavailable?: IntOrString;
  podUpdatePolicy?: PodUpdatePolicy;
  paused?: boolean;
  unorderedUpdate?: { priorityStrategy?: UpdatePriorityStrategy } | null;
  inPlaceUpdateStrategy?: { gracePeriodSeconds?: number; [k: string]: unknown } | null;
  minReadySeconds?: number;
}

export interface LifecycleHook {
  labelsHandler?: Record<string, string>;
  finalizersHandler?: string[];
  markPodNotReady?: boolean;
}

export interface Lifecycle {
  preDelete?: LifecycleHook;
  inPlaceUpdate?: LifecycleHook;
  preNormal?: LifecycleHook;
}

/** apps/v1's spec fields (StatefulSetSpecBase) plus Kruise's update strategy and additions. */
export interface KruiseStatefulSetSpec extends StatefulSetSpecBase {
  updateStrategy?: { type?: UpdateStrategyType; rollingUpdate?: RollingUpdateStatefulSetStrategy | null };
  reserveOrdinals?: IntOrString[] | null;
  lifecycle?: Lifecycle | null;
  scaleStrategy?: { maxUnavailable?: IntOrString } | null;
  volumeClaimUpdateStrategy?: { type?: 'OnPodRollingUpdate' | 'OnDelete' } | null;
}

export interface KruiseStatefulSetStatus extends StatefulSetStatus {
  updatedReadyReplicas?: number;
  updatedAvailableReplicas?: number;
  labelSelector?: string;
  volumeClaims?: { volumeClaimName: string; compatibleReplicas: number; compatibleReadyReplicas: number }[];
}

export interface KruiseStatefulSet extends KubeObject {
  spec: KruiseStatefulSetSpec;
  status?: KruiseStatefulSetStatus;
}

// --- contracts on pods ------------------------------------------------------------------------

export const InPlaceUpdateReady = 'InPlaceUpdateReady';
export const KruisePodReady = 'KruisePodReady';
export const InPlaceUpdateStateKey = 'apps.kruise.io/inplace-update-state';
export const InPlaceUpdateStateKeyOld = 'inplace-update-state';
export const InPlaceUpdateGraceKey = 'apps.kruise.io/inplace-update-grace';
export const InPlaceUpdateGraceKeyOld = 'inplace-update-grace';
export const SpecifiedDeleteKey = 'apps.kruise.io/specified-delete';
export const LifecycleStateKey = 'lifecycle.apps.kruise.io/state';
export const LifecycleTimestampKey = 'lifecycle.apps.kruise.io/timestamp';
export const UnavailableLabelPrefix = 'unavailable-pod.kruise.io/';

export type LifecycleState = 'PreparingNormal' | 'Normal' | 'PreparingUpdate' | 'Updating' | 'Updated' | 'PreparingDelete';

/** appspub.InPlaceUpdateState, as the JSON in apps.kruise.io/inplace-update-state. */
export interface InPlaceUpdateState {
  revision: string;
  updateTimestamp: string;
  lastContainerStatuses: Record<string, { imageID?: string; image?: string; containerID?: string }> | null;
  updateImages?: boolean;
  /** Ordinal's addition: the image each patched container must end up running. */
  nextImages?: Record<string, string>;
}

/** appspub.UpdateSpec, as the JSON in apps.kruise.io/inplace-update-grace. */
export interface InPlaceUpdateSpec {
  revision: string;
  containerImages?: Record<string, string>;
  metaDataPatch?: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> };
  graceSeconds?: number;
}

/** The v1beta1 ResourceRef the controller reads and writes through. */
export const kruiseStatefulSetsRef = { group: KruiseGroup, version: 'v1beta1', resource: 'statefulsets' } as const;
