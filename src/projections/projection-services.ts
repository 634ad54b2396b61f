import type { EventStore } from '../eventstore';
import type { TableDefinition } from '../warehouse/warehouse';
import type { Projection } from './projection';
import type { ReplayJobs } from './replay/replay-jobs';
import type { Projector } from './runtime/projector';

/** The projection side as the use cases see it: wired once by the runtime. */
export interface ProjectionServices {
  /** The store the projectors read: on real time, whatever clock the use cases run on. */
  readonly store: EventStore;
  readonly definitions: readonly Projection[];
  /** The central tables the projections fill. */
  readonly tables: readonly TableDefinition[];
  /** The live set's projector: Eventarc's doorbell, the periodic catch-up, process-queue's nudge. */
  readonly live: Projector;
  /** Re-creates the central and every tenant's views over the live tables. */
  readonly recreateViews: () => Promise<void>;
  readonly replays: ReplayJobs;
}
