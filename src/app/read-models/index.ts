/** The inline read models: their paths, codecs and the ports the use cases read them through. */
export * from './paths';
export {
  ApiKeyIndexEntry,
  ConcurrencyDocument,
  RunDocument,
  RunDocumentStatus,
  ScheduleIndexEntry,
  TenantDirectoryEntry,
  UsageCountersDocument,
} from './codecs';
export { decodeDocument, MalformedReadModel, type DocumentLike } from './decode-document';
export { SCHEDULE_INDEX, scheduleIndexPath } from './schedule-index';
export {
  firestoreRunDocuments,
  type OpenRun,
  type RunDocuments,
  type RunPage,
  type RunPageQuery,
} from './run-documents';
export { firestoreConcurrencySlots, type ConcurrencySlots } from './concurrency-slots';
export { readUsage, type UsageOfPeriod } from './usage-counters';
