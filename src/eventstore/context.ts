import type { Firestore } from '@google-cloud/firestore';
import type { EventRegistry } from './event-registry';

/** What every event-store operation needs; assembled once by createEventStore. */
export interface EventStoreContext {
  readonly db: Firestore;
  readonly registry: EventRegistry;
  /** Partition count P, fixed at bootstrap. */
  readonly partitions: number;
  /** How far behind "now" partition reads stop, so a slow commit is never skipped. */
  readonly settleMs: number;
  readonly now: () => Date;
}
