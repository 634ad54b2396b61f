import type { RecordedEvent } from '../../eventstore';

/** Events of one stream in the batch: the revisions it touches. */
export interface StreamSlice {
  readonly streamId: string;
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly events: readonly RecordedEvent[];
}

/** Groups a batch by stream; repeated deliveries of one event count once, order within the batch does not matter. */
export function sliceByStream(batch: readonly RecordedEvent[]): readonly StreamSlice[] {
  const byStream = new Map<string, Map<number, RecordedEvent>>();
  for (const event of batch) {
    const revisions = byStream.get(event.streamId) ?? new Map<number, RecordedEvent>();
    revisions.set(event.revision, event);
    byStream.set(event.streamId, revisions);
  }
  return [...byStream.entries()].map(([streamId, revisions]) => {
    const events = [...revisions.values()].sort((a, b) => a.revision - b.revision);
    return { streamId, firstRevision: events[0]!.revision, lastRevision: events[events.length - 1]!.revision, events };
  });
}

/**
 * Keeps the recent prefix of streams a catch-up has seen, so a stream whose events span two batches is not
 * read back from Firestore. Bounded by events held, so memory stays flat however long the log is.
 */
export class StreamPrefixCache {
  private readonly prefixes = new Map<string, readonly RecordedEvent[]>();
  private held = 0;

  constructor(private readonly maxEvents = 5_000) {}

  /** The stream's events 1…lastRevision when this batch and the cache together hold all of them. */
  prefixOf(slice: StreamSlice): readonly RecordedEvent[] | undefined {
    const cached = this.prefixes.get(slice.streamId) ?? [];
    const known = new Map<number, RecordedEvent>(cached.map((event) => [event.revision, event]));
    for (const event of slice.events) known.set(event.revision, event);
    const prefix: RecordedEvent[] = [];
    for (let revision = 1; revision <= slice.lastRevision; revision += 1) {
      const event = known.get(revision);
      if (!event) return undefined;
      prefix.push(event);
    }
    return prefix;
  }

  remember(streamId: string, prefix: readonly RecordedEvent[]): void {
    this.held -= this.prefixes.get(streamId)?.length ?? 0;
    this.prefixes.delete(streamId);
    this.prefixes.set(streamId, prefix);
    this.held += prefix.length;
    // Map iteration is insertion order: the least recently remembered streams go first.
    for (const [oldest, events] of this.prefixes) {
      if (this.held <= this.maxEvents) break;
      this.prefixes.delete(oldest);
      this.held -= events.length;
    }
  }
}
