// The slices of apps/v1 StatefulSet, ControllerRevision and core/v1 Pod/PVC that the StatefulSet
// controller reads and writes (wire JSON shapes; everything else passes through untouched).

import type { KubeObject, LabelSelector, ObjectMeta } from '../../apimachinery/types.js';

export type IntOrString = number | string;

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [k: string]: unknown;
}

export interface PodSpec {
  volumes?: Volume[];
  hostname?: string;
  subdomain?: string;
  [k: string]: unknown;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; conditions?: PodCondition[]; [k: string]: unknown };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
}

export type UpdateStrategyType = 'RollingUpdate' | 'OnDelete';

/**
 * The spec fields apps/v1 and OpenKruise's apps.kruise.io/v1beta1 StatefulSet share with the same
 * wire shape; each API adds its own update strategy (Kruise's rollingUpdate is a superset and may be
 * null) and the rest of its fields.
 */
export interface StatefulSetSpecBase {
  replicas?: number;
  selector?: LabelSelector;
  template: PodTemplateSpec;
  volumeClaimTemplates?: PersistentVolumeClaim[];
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  revisionHistoryLimit?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete'; whenScaled?: 'Retain' | 'Delete' };
  ordinals?: { start?: number } | null;
  [k: string]: unknown;
}

export interface StatefulSetSpec extends StatefulSetSpecBase {
  updateStrategy?: {
    type?: UpdateStrategyType;
    rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
  };
  minReadySeconds?: number;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
  [k: string]: unknown;
}

export interface StatefulSet extends KubeObject {
  spec: StatefulSetSpec;
  status?: StatefulSetStatus;
}

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

export const StatefulSetPodNameLabel = 'statefulset.kubernetes.io/pod-name';
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';
export const StatefulSetRevisionLabel = 'controller-revision-hash';
export const ControllerRevisionHashLabel = 'controller.kubernetes.io/hash';
export const statefulSetKind = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;

/** The set's own kind for ownerRefs: apps/v1, or apps.kruise.io/v1beta1 when Kruise's controller reuses this code. */
export function setKindOf(set: { apiVersion?: string; kind?: string }): { apiVersion: string; kind: string } {
  return set.apiVersion && set.kind ? { apiVersion: set.apiVersion, kind: set.kind } : statefulSetKind;
}
export const podKind = { apiVersion: 'v1', kind: 'Pod' } as const;
