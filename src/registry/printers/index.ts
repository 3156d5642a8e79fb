// Server-side Table printers for every built-in kind the sandbox serves, keyed like the store's
// resource names ("pods", "apps/statefulsets", ...). Kinds missing here (e.g. CRDs themselves)
// use defaultPrinter; custom resources use customResourcePrinter(additionalPrinterColumns).

import type { TablePrinter } from '../types.js';
import { podPrinter } from './pod.js';
import { nodePrinter } from './node.js';
import { servicePrinter, endpointsPrinter, endpointSlicePrinter } from './network.js';
import { namespacePrinter, configMapPrinter, secretPrinter, serviceAccountPrinter, leasePrinter } from './config.js';
import { eventPrinter, eventsV1Printer } from './event.js';
import { pvcPrinter, pvPrinter, storageClassPrinter } from './storage.js';
import { statefulSetPrinter, controllerRevisionPrinter } from './apps.js';
import { defaultPrinter } from './table.js';

export const printersByResource: Record<string, TablePrinter> = {
  namespaces: namespacePrinter,
  nodes: nodePrinter,
  pods: podPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  events: eventPrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  persistentvolumeclaims: pvcPrinter,
  persistentvolumes: pvPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'events.k8s.io/events': eventsV1Printer,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'apiextensions.k8s.io/customresourcedefinitions': defaultPrinter,
};

/** The printer for a "group/resource" key, falling back to NAME / CREATED AT. */
export function printerFor(resource: string): TablePrinter {
  return Object.hasOwn(printersByResource, resource) ? printersByResource[resource] : defaultPrinter;
}

export { buildTable, defaultPrinter, type TableJson, type TableOptions, type IncludeObject } from './table.js';
export { customResourcePrinter, type PrinterColumn } from './custom-resource.js';
export { humanDuration } from './human-duration.js';
export { podSummary } from './pod.js';
