import type { RecordedEvent } from '../../../../src/eventstore';
import { startLocalBigQuery, type RunningLocalBigQuery } from '../../../../src/local/bigquery/start-local-bigquery';
import { localBigQueryClientOptions } from '../../../../src/local/bigquery/client-options';
import type { DerivedKey, DerivedProjection, DerivedSource } from '../../../../src/projections/projection';
import { projections } from '../../../../src/projections/tables';
import { BigQueryWarehouse } from '../../../../src/warehouse/bigquery';
import { centralTables } from '../../../../src/warehouse/tables';
import type { Row } from '../../../../src/warehouse/warehouse';

/**
 * The local BigQuery endpoint with every central table in a fresh dataset, fed by the real stream projections:
 * derived projections are then computed against projected state built from constructed events.
 */
export interface ProjectedWarehouse {
  readonly warehouse: BigQueryWarehouse;
  readonly dataset: string;
  readonly source: DerivedSource;
  /** Projects whole streams through every stream projection (one merge per table). */
  project(...streams: readonly (readonly RecordedEvent[])[]): Promise<void>;
  /** Computes a derived projection for keys and merges its rows, as the runtime does; returns the rows. */
  derive(projection: DerivedProjection, keys: readonly DerivedKey[]): Promise<readonly Row[]>;
  rows(table: string, orderBy: string): Promise<readonly Row[]>;
}

export function useProjectedWarehouse(dataset = 'tenants_test'): () => ProjectedWarehouse {
  let endpoint: RunningLocalBigQuery | undefined;
  let projected: ProjectedWarehouse | undefined;
  beforeAll(async () => {
    endpoint = await startLocalBigQuery({ projectId: 'derived-test' });
    const warehouse = new BigQueryWarehouse({
      client: localBigQueryClientOptions(endpoint.url, endpoint.projectId),
      projectId: endpoint.projectId,
      location: 'US',
    });
    await warehouse.ensureDataset(dataset);
    for (const table of centralTables) await warehouse.ensureTable(dataset, table);
    const source: DerivedSource = {
      dataset,
      query: async (sql, params, types) =>
        (await warehouse.runQuery(sql, { params, ...(types ? { types } : {}) })).rows,
      readStream: async () => {
        throw new Error('derived projections read projected tables, not streams');
      },
    };
    projected = {
      warehouse,
      dataset,
      source,
      async project(...streams) {
        for (const projection of projections) {
          if (projection.kind !== 'stream') continue;
          const rows = streams
            .filter((events) => events[0] && projection.accepts(events[0].streamId))
            .flatMap((events) => projection.rows(events));
          if (rows.length > 0) await warehouse.mergeRows(dataset, projection.table, rows);
        }
      },
      async derive(projection, keys) {
        const rows = await projection.compute(keys, source);
        if (rows.length > 0)
          await warehouse.mergeRows(dataset, { ...projection.table, versionColumn: undefined }, rows);
        return rows;
      },
      async rows(table, orderBy) {
        return (await warehouse.runQuery(`SELECT * FROM \`${dataset}.${table}\` ORDER BY ${orderBy}`)).rows;
      },
    };
  });
  afterAll(async () => {
    await endpoint?.stop();
  });
  return () => {
    if (!projected) throw new Error('the projected warehouse starts in beforeAll');
    return projected;
  };
}
