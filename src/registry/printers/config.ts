// Table printers for the simple namespaced/cluster kinds: Namespace (STATUS = phase), ConfigMap
// and Secret (DATA = number of keys), ServiceAccount (SECRETS), Lease (HOLDER).

import { AGE_COL, NAME_COL, age, col, count, printer } from './common.js';

export const namespacePrinter = printer([NAME_COL, col('Status', 'string', 'The status of the namespace.'), AGE_COL], (ns, now) => [
  ns.metadata.name,
  ns.status?.phase ?? '',
  age(ns, now),
]);

export const configMapPrinter = printer([NAME_COL, col('Data', 'string', 'Number of data and binaryData keys.'), AGE_COL], (cm, now) => [
  cm.metadata.name,
  count(cm.data) + count(cm.binaryData),
  age(cm, now),
]);

export const secretPrinter = printer(
  [NAME_COL, col('Type', 'string', 'Secret type.'), col('Data', 'string', 'Number of data keys.'), AGE_COL],
  (s, now) => [s.metadata.name, s.type ?? 'Opaque', count(s.data), age(s, now)],
);

export const serviceAccountPrinter = printer([NAME_COL, col('Secrets', 'string', 'Number of referenced secrets.'), AGE_COL], (sa, now) => [
  sa.metadata.name,
  count(sa.secrets),
  age(sa, now),
]);

export const leasePrinter = printer([NAME_COL, col('Holder', 'string', 'Identity of the current holder.'), AGE_COL], (l, now) => [
  l.metadata.name,
  l.spec?.holderIdentity ?? '',
  age(l, now),
]);
