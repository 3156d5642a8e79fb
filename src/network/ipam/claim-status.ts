// Writes an IPClaim's status. The CRD declares the status subresource, so status goes through
// `/status`; a server without it (a bare CRD) gets a merge patch on the object instead.

import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { IPClaim } from '../../controllers/ipclaim/claim.js';

export async function patchClaimStatus(client: ApiClient, claim: IPClaim, status: Record<string, unknown>): Promise<IPClaim> {
  const { namespace, name } = claim.metadata;
  try {
    return await client.patch<IPClaim>(at(R.ipclaims, namespace, name, 'status'), 'merge', { status });
  } catch (e) {
    if ((e as { code?: number }).code !== 404 && (e as { code?: number }).code !== 405) throw e;
    // 404 may also mean the claim is gone: the plain patch then throws the real NotFound.
    return client.patch<IPClaim>(at(R.ipclaims, namespace, name), 'merge', { status });
  }
}
