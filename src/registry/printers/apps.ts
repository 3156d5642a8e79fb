// StatefulSet (NAME READY AGE, wide CONTAINERS IMAGES) and ControllerRevision (NAME CONTROLLER
// REVISION AGE) table printers. CONTROLLER is the controlling owner as "<kind>.<group>/<name>",
// lower-cased: "statefulset.apps/web".

import type { KubeObject } from '../../apimachinery/types.js';
import { splitApiVersion } from '../../apimachinery/types.js';
import { AGE_COL, NAME_COL, age, col, containerCells, printer } from './common.js';

export const statefulSetPrinter = printer(
  [
    NAME_COL,
    col('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COL,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
  ],
  (sts, now) => {
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return [sts.metadata.name, `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`, age(sts, now), names, images];
  },
);

/** formatResourceName(GroupKind, name, withKind=true). */
export function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const { group } = splitApiVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  if (!group && !kind) return ref.name;
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter = printer(
  [NAME_COL, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision number.'), AGE_COL],
  (cr, now) => [cr.metadata.name, controllerName(cr), cr.revision ?? 0, age(cr, now)],
);
