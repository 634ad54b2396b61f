import { WarehouseError } from '../../warehouse/warehouse';

// gRPC codes a retry can cure: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE.
const TRANSIENT_GRPC = new Set([4, 8, 10, 13, 14]);

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
