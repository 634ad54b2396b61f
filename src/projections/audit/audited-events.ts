import type { RunEvent } from '../../domain/run/events';
import type { TenantEvent } from '../../domain/tenant/events';
import type { UsageEvent } from '../../domain/usage/events';
import type { RecordedEvent } from '../../eventstore';
import { runEventOf, tenantEventOf, usageEventOf } from '../tables/domain-events';

/** A recorded event as the domain event it is (the projections' narrowing), tagged for the audit's switch. */
export type AuditedEvent =
  | { readonly kind: 'tenant'; readonly event: TenantEvent }
  | { readonly kind: 'run'; readonly event: RunEvent }
  | { readonly kind: 'usage'; readonly event: UsageEvent }
  | { readonly kind: 'other' };

export function audited(recorded: RecordedEvent): AuditedEvent {
  const tenant = tenantEventOf(recorded);
  if (tenant) return { kind: 'tenant', event: tenant };
  const run = runEventOf(recorded);
  if (run) return { kind: 'run', event: run };
  const usage = usageEventOf(recorded);
  if (usage) return { kind: 'usage', event: usage };
  return { kind: 'other' };
}
