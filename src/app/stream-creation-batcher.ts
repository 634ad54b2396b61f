import { WrongExpectedRevision, type EventStore, type NewStream } from '../eventstore';

export type CreationOutcome = 'created' | 'exists';

interface Pending {
  readonly stream: NewStream;
  readonly resolve: (outcome: CreationOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for new streams (decideAndCreate's batched form): the creations submitted while a commit is being prepared go out together in
 * one atomic commit (up to `maxStreams`), so the trigger's 2,000 runs cost tens of commits, not 2,000. When
 * the group fails (a stream already existed: a repeated tick; or anything else), each stream is created on
 * its own, so every caller still learns its own outcome and nobody's run is lost to a neighbour's.
 */
export class StreamCreationBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: EventStore,
    private readonly maxStreams = 100,
  ) {}

  create(stream: NewStream): Promise<CreationOutcome> {
    return new Promise<CreationOutcome>((resolve, reject) => {
      this.pending.push({ stream, resolve, reject });
      if (this.pending.length >= this.maxStreams) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // Everything submitted in this turn of the event loop joins the group.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.pending.splice(0, this.maxStreams);
    if (group.length === 0) return;
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    void this.commit(group);
  }

  private async commit(group: readonly Pending[]): Promise<void> {
    try {
      await this.store.createStreams(group.map((item) => item.stream));
      for (const item of group) item.resolve('created');
    } catch {
      await Promise.all(group.map((item) => this.createAlone(item)));
    }
  }

  private async createAlone(item: Pending): Promise<void> {
    await createStreamAlone(this.store, item.stream).then(item.resolve, item.reject);
  }
}

/** One new stream in its own commit: `exists` when it was there already. */
export async function createStreamAlone(store: EventStore, stream: NewStream): Promise<CreationOutcome> {
  try {
    await store.append(stream.streamId, 'no_stream', stream.events, stream.options);
    return 'created';
  } catch (error) {
    if (error instanceof WrongExpectedRevision) return 'exists';
    throw error;
  }
}
