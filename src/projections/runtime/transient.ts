import { status as Status } from '@grpc/grpc-js';
import { WarehouseError } from '../../warehouse/warehouse';

// The gRPC codes a retry can cure.
const TRANSIENT_GRPC: ReadonlySet<number> = new Set([
  Status.DEADLINE_EXCEEDED,
  Status.RESOURCE_EXHAUSTED,
  Status.ABORTED,
  Status.INTERNAL,
  Status.UNAVAILABLE,
]);

/**
 * A failure that says nothing about the events (the warehouse or Firestore is briefly unwell, or a table is
 * missing or forbidden until an operator bootstraps or grants it): the batch is retried as it is, and no
 * event is blamed for it. Anything else is suspected to be the events' fault.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof WarehouseError)
    return ['UNAVAILABLE', 'TIMEOUT', 'NOT_FOUND', 'PERMISSION_DENIED'].includes(error.code);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' && TRANSIENT_GRPC.has(code);
}
