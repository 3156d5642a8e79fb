// ClusterIP allocation as kube-apiserver does it inside the Service REST storage: a Service gets an
// address from the service CIDR on create (or the one it asks for, if free) and gives it back when
// deleted. The allocator is rebuilt from the stored Services at start.

import type { KubeObject } from '../../apimachinery/types.js';
import { allocateClusterIp, releaseClusterIp, ServiceIpAllocator } from '../../network/ipam/service-ip.js';
import type { AdmissionAttributes, AdmissionPlugin, RestContext } from '../rest/context.js';

export function serviceIpAdmission(ctx: RestContext, cidr?: string): AdmissionPlugin {
  const alloc = new ServiceIpAllocator(cidr);
  alloc.rebuild(ctx.store.list('services').map((o) => o.obj as KubeObject));
  return {
    name: 'ServiceClusterIPAllocation',
    admit(a: AdmissionAttributes): void {
      if (a.type.group !== '' || a.type.plural !== 'services' || a.subresource) return;
      if (a.operation === 'CREATE' && !a.dryRun) {
        allocateClusterIp(a.object, alloc);
        a.onFailure?.(() => releaseClusterIp(a.object, alloc));
      }
      if (a.operation === 'DELETE' && !a.dryRun) releaseClusterIp(a.object, alloc);
    },
  };
}
