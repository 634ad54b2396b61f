import { loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';
import { describeCredential } from './store-credential';

/** Metadata only: the ciphertext stays in the log, the plaintext nowhere. */
export async function listCredentials(ctx: ServiceContext, tenantId: string) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  return { tenant_id: tenantId, credentials: Object.values(state.credentials).map(describeCredential) };
}
