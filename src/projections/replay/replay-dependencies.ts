import type { Firestore } from '@google-cloud/firestore';
import type { Logger } from 'pino';
import type { EventStore } from '../../eventstore';
import type { TableDefinition, Warehouse } from '../../warehouse/warehouse';
import type { Projection } from '../projection';

/** What rebuilding, verifying and promoting need; wired by the runtime (HTTP) or the CLI. */
export interface ReplayDependencies {
  readonly db: Firestore;
  readonly store: EventStore;
  readonly warehouse: Warehouse;
  readonly projections: readonly Projection[];
  /** The central tables the projections fill (created in the shadow dataset). */
  readonly tables: readonly TableDefinition[];
  /** Re-creates the views over the live dataset (after a promote). */
  readonly recreateViews: () => Promise<void>;
  readonly logger?: Logger;
  readonly now?: () => Date;
}
