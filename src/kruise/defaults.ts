// Kruise's mutating webhook for Advanced StatefulSet (apis/apps/defaults/v1beta1.go
// SetDefaultsAdvancedStatefulSet): strategy, policy, count and retention defaults, plus the apps/v1
// pod-template and claim-template defaults (reused from the built-in admission so both kinds default
// pods identically). Pod-template defaults run only on create or when the template changed, as
// Kruise does without its TemplateNoDefaults gate.

import type { KubeObject } from '../apimachinery/types.js';
import { defaultPodSpec } from '../registry/admission/pod-defaults.js';
import { defaultPVCSpec } from '../registry/admission/pvc.js';
import { deepEqual, ensureObj } from '../registry/admission/util.js';

type Obj = Record<string, any>;

const unset = (v: unknown): boolean => v === undefined || v === null;

function defaultUpdateStrategy(spec: Obj): void {
  const us = ensureObj(spec, 'updateStrategy');
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type !== 'RollingUpdate') return;
  const ru = ensureObj(us, 'rollingUpdate');
  if (unset(ru.partition)) ru.partition = 0;
  if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
  if (!ru.podUpdatePolicy) ru.podUpdatePolicy = 'ReCreate';
  if (unset(ru.minReadySeconds)) ru.minReadySeconds = 0;
}

/** Fills Kruise's defaults in place. `old` (on update) decides whether the pod template is re-defaulted. */
export function defaultKruiseStatefulSet(obj: KubeObject, old?: KubeObject): void {
  const spec: Obj = (obj.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  defaultUpdateStrategy(spec);
  if (unset(spec.replicas)) spec.replicas = 1;
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  // StatefulSetAutoDeletePVC (beta, on): both policies default to Retain.
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (!old || !deepEqual(spec.template, old.spec?.template)) defaultPodSpec(ensureObj(ensureObj(spec, 'template'), 'spec'));
  for (const vct of spec.volumeClaimTemplates ?? []) {
    if (!vct || typeof vct !== 'object') continue;
    vct.apiVersion ||= 'v1';
    vct.kind ||= 'PersistentVolumeClaim';
    defaultPVCSpec(ensureObj(vct, 'spec'));
  }
}
