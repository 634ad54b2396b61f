import { runEventCodecs, type RunEvent } from '../../domain/run/events';
import { tenantEventCodecs, type TenantEvent } from '../../domain/tenant/events';
import { usageEventCodecs, type UsageEvent } from '../../domain/usage/events';
import type { RecordedEvent } from '../../eventstore';

/**
 * Narrows a recorded event to the domain event it is. The store decoded (and upcast) `data` with these very
 * codecs before handing the event out, so the type names which shape the data has; nothing is decoded twice.
 */
export type AuditedEvent =
  | { readonly kind: 'tenant'; readonly event: TenantEvent }
  | { readonly kind: 'run'; readonly event: RunEvent }
  | { readonly kind: 'usage'; readonly event: UsageEvent }
  | { readonly kind: 'other' };

const has = (codecs: object, type: string): boolean => Object.prototype.hasOwnProperty.call(codecs, type);

export function audited(recorded: RecordedEvent): AuditedEvent {
  const event = { type: recorded.type, data: recorded.data };
  if (has(tenantEventCodecs, recorded.type)) return { kind: 'tenant', event: event as TenantEvent };
  if (has(runEventCodecs, recorded.type)) return { kind: 'run', event: event as RunEvent };
  if (has(usageEventCodecs, recorded.type)) return { kind: 'usage', event: event as UsageEvent };
  return { kind: 'other' };
}
