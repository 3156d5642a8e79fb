// Secret strategy (core v1 SetDefaults_Secret, the stringData→data conversion, ValidateSecret[Update]):
// type defaults to Opaque, well-known types must carry their required keys, type is immutable.

import { fieldErr, type FieldError } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { Strategy } from '../types.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDNSSubdomain } from './name-rules.js';
import { MAX_DATA_SIZE, validateDataKeys, validateImmutableFlag } from './configmap.js';
import { carryOverMeta, fp } from './util.js';

/** SetDefaults_Secret, and stringData merged into data (stringData wins), as conversion does. */
export function defaultSecret(s: KubeObject): void {
  if (!s.type) s.type = 'Opaque';
  if (s.stringData && typeof s.stringData === 'object') {
    s.data ??= {};
    for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v)).toString('base64');
    delete s.stringData;
  }
}

const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.key', 'tls.crt'],
};

function validateType(s: KubeObject): FieldError[] {
  const data: Record<string, string> = s.data ?? {};
  const errs: FieldError[] = [];
  for (const key of REQUIRED_KEYS[s.type] ?? []) if (!(key in data)) errs.push(fieldErr.required(fp.key('data', key)));
  if (s.type === 'kubernetes.io/service-account-token' && !s.metadata.annotations?.['kubernetes.io/service-account.name'])
    errs.push(fieldErr.required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (s.type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data))
    errs.push(fieldErr.required('data[username]'), fieldErr.required('data[password]'));
  return errs;
}

export function validateSecret(s: KubeObject): FieldError[] {
  const errs = validateObjectMeta(s.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateDataKeys(s.data, 'data'));
  let total = 0;
  for (const v of Object.values<string>(s.data ?? {})) total += Buffer.from(String(v), 'base64').length;
  if (total > MAX_DATA_SIZE) errs.push(fieldErr.tooLong('data', '', MAX_DATA_SIZE));
  errs.push(...validateType(s));
  return errs;
}

export function validateSecretUpdate(s: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(s.metadata, old.metadata),
    ...validateImmutableField(s.type, old.type, 'type'),
    ...validateImmutableFlag(s, old, ['data']),
    ...validateSecret(s).filter((e) => !e.field.startsWith('metadata.') || e.field.startsWith('metadata.annotations[')),
  ];
}

export const secretStrategy: Strategy = {
  defaults: defaultSecret,
  prepareForUpdate: carryOverMeta,
  validateCreate: validateSecret,
  validateUpdate: validateSecretUpdate,
};
