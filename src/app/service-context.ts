import type { Firestore } from '@google-cloud/firestore';
import type { EventStore } from '../eventstore';
import type { Clock, PipelineCatalog, StepRegistry, TableCatalog, WebhookSettings } from '../pipelines';
import type { ProjectionServices } from '../projections/projection-services';
import type { Keyring } from '../security';
import type { Warehouse } from '../warehouse/warehouse';
import type { ExecutionSettings } from './runs/run-dispatcher';

/**
 * What the use cases need, wired once at start (src/runtime) and shared by the HTTP API and the CLI, so both
 * faces run the same code.
 */
export interface ServiceContext {
  readonly store: EventStore;
  /** For the inline read models (tenant directory, API key index, schedule index, usage). */
  readonly db: Firestore;
  readonly warehouse: Warehouse;
  readonly projectId: string;
  readonly catalog: PipelineCatalog;
  readonly pipelines: {
    readonly registry: StepRegistry;
    readonly tables: TableCatalog;
    readonly clock: Clock;
    /** The operator's allow-list of internal webhook hosts (none when absent). */
    readonly webhook?: WebhookSettings;
  };
  readonly keyring: Keyring;
  /** The API key pepper: never stored with the hashes. */
  readonly pepper: string;
  readonly now: () => Date;
  readonly execution: ExecutionSettings;
  /** The projector of the live tables, the projection definitions, replays. */
  readonly projections: ProjectionServices;
}

/** Who asked: recorded as the events' actor. */
export interface Actor {
  /** The authenticated principal. */
  readonly actor: string;
  /** A self-asserted user (`X-User-ID`), kept apart from the principal in event meta. */
  readonly assertedUserId?: string;
  readonly correlationId?: string;
}
