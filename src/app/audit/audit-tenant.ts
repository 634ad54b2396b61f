import { TenantAsOfFold, type TenantAsOf } from '../../projections/audit/tenant-as-of';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';

/**
 * A tenant's state and timeline as of an instant, folded from its events alone (every stream of the tenant,
 * in commit order, through `asOf`) — never from the inline read models or the warehouse, which are caches of
 * the same log. Events are folded as they are read, so memory holds the state and the timeline, not the log.
 */
export async function auditTenant(
  ctx: Pick<ServiceContext, 'store'>,
  tenantId: string,
  asOf: Date,
): Promise<TenantAsOf> {
  const fold = new TenantAsOfFold(tenantId, asOf);
  for await (const event of ctx.store.readTenant(tenantId, { to: asOf })) fold.add(event);
  const audit = fold.result();
  if (!audit.exists)
    throw new DomainRefusal({
      code: 'TENANT_NOT_FOUND',
      message: `Tenant ${tenantId} had no events by ${asOf.toISOString()}`,
    });
  return audit;
}
