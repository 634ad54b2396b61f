import { loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';
import { describeKey } from './describe-key';

export async function listApiKeys(ctx: ServiceContext, tenantId: string) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  return { tenant_id: tenantId, api_keys: Object.values(state.keys).map(describeKey) };
}
