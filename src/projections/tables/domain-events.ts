import { runEventCodecs, type RunEvent } from '../../domain/run/events';
import { tenantEventCodecs, type TenantEvent } from '../../domain/tenant/events';
import { usageEventCodecs, type UsageEvent } from '../../domain/usage/events';
import type { RecordedEvent } from '../../eventstore';

/**
 * Recorded events as the domain events they are. The store decoded `data` with these codecs on read, so
 * the type names the data's shape; an event of another stream kind (or a type this build does not know) is
 * undefined and the projections pass it by.
 */
const has = (codecs: object, type: string): boolean => Object.prototype.hasOwnProperty.call(codecs, type);

export const isTenantStream = (streamId: string): boolean => streamId.startsWith('tenant-');
export const isRunStream = (streamId: string): boolean => streamId.startsWith('run-');
export const isUsageStream = (streamId: string): boolean => streamId.startsWith('usage-');

export function tenantEventOf(event: RecordedEvent): TenantEvent | undefined {
  return isTenantStream(event.streamId) && has(tenantEventCodecs, event.type)
    ? ({ type: event.type, data: event.data } as TenantEvent)
    : undefined;
}

export function runEventOf(event: RecordedEvent): RunEvent | undefined {
  return isRunStream(event.streamId) && has(runEventCodecs, event.type)
    ? ({ type: event.type, data: event.data } as RunEvent)
    : undefined;
}

export function usageEventOf(event: RecordedEvent): UsageEvent | undefined {
  return isUsageStream(event.streamId) && has(usageEventCodecs, event.type)
    ? ({ type: event.type, data: event.data } as UsageEvent)
    : undefined;
}

/** A time recorded in an event's data (ISO-8601), as the warehouse's TIMESTAMP text; refuses anything else. */
export function timestamp(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${JSON.stringify(value.slice(0, 40))}`);
  return new Date(ms).toISOString();
}

export function nullableTimestamp(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : timestamp(value);
}

/** Milliseconds from one recorded time to another (never negative). */
export function millisBetween(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}
