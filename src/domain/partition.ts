/**
 * A tenant's partition: FNV-1a (32-bit) of its id, modulo the partition count fixed at bootstrap.
 * Stable across processes and versions, so one tenant's events always share a partition and stay in
 * commit order for projections.
 */
export function partitionOf(tenantId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(tenantId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** The tenant id recorded on events that belong to no tenant (bootstrap, settings). */
export const SYSTEM_TENANT_ID = '_system';
