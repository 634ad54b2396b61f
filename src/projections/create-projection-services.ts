import type { Firestore } from '@google-cloud/firestore';
import type { Logger } from 'pino';
import type { EventStore } from '../eventstore';
import { ensureCentralViews, ensureTenantViews } from '../warehouse/views';
import { CENTRAL_DATASET, centralTables } from '../warehouse/tables';
import type { Warehouse } from '../warehouse/warehouse';
import type { Projection } from './projection';
import { LIVE_SET } from './projection-set';
import type { ProjectionServices } from './projection-services';
import { ReplayJobs } from './replay/replay-jobs';
import { createProjector } from './runtime/projector';

export interface ProjectionServicesOptions {
  readonly db: Firestore;
  readonly store: EventStore;
  readonly warehouse: Warehouse;
  readonly definitions: readonly Projection[];
  /** This instance in partition leases. */
  readonly owner: string;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly settleMs?: number;
}

/** Wires the live projector, the views' re-creation and the replay registry for one service instance. */
export function createProjectionServices(options: ProjectionServicesOptions): ProjectionServices {
  const live = createProjector({
    db: options.db,
    store: options.store,
    warehouse: options.warehouse,
    projections: options.definitions,
    set: LIVE_SET,
    owner: options.owner,
    logger: options.logger,
    now: options.now,
    settleMs: options.settleMs,
  });
  return {
    store: options.store,
    definitions: options.definitions,
    tables: centralTables,
    live,
    replays: new ReplayJobs(),
    recreateViews: async () => {
      await ensureCentralViews(options.warehouse, CENTRAL_DATASET);
      // Every tenant the projections know and whose dataset is still there gets its view re-created.
      const tenants = await options.warehouse.runQuery(
        `SELECT tenant_id, dataset_id FROM \`${CENTRAL_DATASET}.tenant_profiles\` WHERE status NOT IN ('DELETED', 'OFFBOARDED')`,
        { timeoutMs: 60_000 },
      );
      for (const row of tenants.rows) {
        const dataset = String(row.dataset_id);
        if (await options.warehouse.datasetExists(dataset))
          await ensureTenantViews(options.warehouse, CENTRAL_DATASET, String(row.tenant_id), dataset);
      }
    },
  };
}
