// Kubeconfig discovery order and the messages that tell the user what to do.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { errors } from '../apimachinery/errors.js';
import { CliError, describeError, resolveKubeconfig } from './kube.js';

test('resolveKubeconfig: flag, then the first existing $KUBECONFIG entry, then ./.ordinal/kubeconfig', () => {
  const has = (...paths: string[]) => (p: string) => paths.includes(p);
  assert.equal(resolveKubeconfig('/x/kc', {}, has('/x/kc')), '/x/kc');
  assert.throws(() => resolveKubeconfig('/x/missing', {}, has()), /kubeconfig \/x\/missing does not exist/);
  assert.equal(resolveKubeconfig(undefined, { KUBECONFIG: ['/a', '/b'].join(delimiter) }, has('/b', './.ordinal/kubeconfig')), '/b');
  assert.match(resolveKubeconfig(undefined, {}, has('./.ordinal/kubeconfig')), /\.ordinal\/kubeconfig$/);
  assert.throws(
    () => resolveKubeconfig(undefined, { KUBECONFIG: '/gone' }, has()),
    (e: unknown) => e instanceof CliError && /no kubeconfig found \(tried \$KUBECONFIG entry \/gone, \.\/\.ordinal\/kubeconfig\): run `ordinal up`.*--kubeconfig/.test(e.message),
  );
});

test('describeError: API errors as kubectl prints them, connection errors name the fix', () => {
  assert.equal(describeError(errors.notFound({ group: 'apps', resource: 'statefulsets' }, 'web')), 'Error from server (NotFound): statefulsets.apps "web" not found');
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  assert.match(describeError(refused, 'https://127.0.0.1:6443'), /cannot reach the API server at https:\/\/127\.0\.0\.1:6443 \(ECONNREFUSED\): is `ordinal up` running\?/);
});
