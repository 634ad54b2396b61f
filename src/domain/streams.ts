/** Stream ids name their aggregate; they are Firestore document ids, so the alphabet is narrow. */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export const SYSTEM_STREAM_ID = 'system';

export function tenantStreamId(tenantId: string): string {
  return `tenant-${tenantId}`;
}

export function runStreamId(runId: string): string {
  return `run-${runId}`;
}

export function isValidStreamId(streamId: string): boolean {
  return STREAM_ID.test(streamId) && !/^__.*__$/.test(streamId);
}
