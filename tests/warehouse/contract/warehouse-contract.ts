import type { Row, Warehouse } from '../../../src/warehouse/warehouse';
import { WarehouseError } from '../../../src/warehouse/warehouse';
import { countersTable, itemRow, itemsTable } from './contract-tables';

/** A backend the contract runs against: the local endpoint in `npm test`, real BigQuery in `npm run test:bigquery`. */
export interface ContractBackend {
  readonly projectId: string;
  /** Unique per run; every dataset the suite creates starts with it and is dropped at the end. */
  readonly datasetPrefix: string;
  /** The adapter under test; `rowsParameterBudgetBytes` forces chunked writes. */
  warehouse(overrides?: { readonly rowsParameterBudgetBytes?: number }): Warehouse;
  close(): Promise<void>;
}

async function expectWarehouseError(promise: Promise<unknown>, code: WarehouseError['code']): Promise<WarehouseError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WarehouseError);
  expect((error as WarehouseError).code).toBe(code);
  return error as WarehouseError;
}

function sortById(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

export function describeWarehouseContract(label: string, openBackend: () => Promise<ContractBackend>): void {
  describe(`Warehouse contract: ${label}`, () => {
    let backend: ContractBackend;
    let warehouse: Warehouse;
    let dataset: string;
    const created = new Set<string>();
    let tableCounter = 0;

    /** A fresh table (unique name) from a definition, so tests never see each other's rows. */
    async function freshTable(
      definition = itemsTable,
    ): Promise<{ ref: { dataset: string; table: string }; definition: typeof definition; sql: string }> {
      tableCounter += 1;
      const named = { ...definition, name: `${definition.name}_${tableCounter}` };
      await warehouse.ensureTable(dataset, named);
      return {
        ref: { dataset, table: named.name },
        definition: named,
        sql: `\`${backend.projectId}.${dataset}.${named.name}\``,
      };
    }

    async function ensureScratchDataset(suffix: string): Promise<string> {
      const name = `${backend.datasetPrefix}_${suffix}`;
      created.add(name);
      await warehouse.ensureDataset(name);
      return name;
    }

    beforeAll(async () => {
      backend = await openBackend();
      warehouse = backend.warehouse();
      dataset = await ensureScratchDataset('main');
    });

    afterAll(async () => {
      if (!backend) return;
      for (const name of created) await warehouse.dropDataset(name);
      await backend.close();
    });

    describe('datasets', () => {
      it('creates a dataset once, reports it, and drops it with its tables', async () => {
        const name = `${backend.datasetPrefix}_lifecycle`;
        created.add(name);
        expect(await warehouse.datasetExists(name)).toBe(false);
        expect(
          await warehouse.ensureDataset(name, { description: 'contract', labels: { purpose: 'contract' } }),
        ).toEqual({ created: true });
        expect(await warehouse.ensureDataset(name)).toEqual({ created: false });
        expect(await warehouse.datasetExists(name)).toBe(true);
        await warehouse.ensureTable(name, countersTable);
        expect(await warehouse.dropDataset(name)).toEqual({ dropped: true });
        expect(await warehouse.datasetExists(name)).toBe(false);
        expect(await warehouse.dropDataset(name)).toEqual({ dropped: false });
      });
    });

    describe('tables and views', () => {
      it('creates a table from its definition once, with nested schema, partitioning and clustering', async () => {
        const definition = { ...itemsTable, name: 'contract_items_ddl' };
        expect(await warehouse.ensureTable(dataset, definition)).toEqual({ created: true });
        expect(await warehouse.ensureTable(dataset, definition)).toEqual({ created: false });
        const ref = { dataset, table: definition.name };
        expect(await warehouse.tableExists(ref)).toBe(true);
        const description = await warehouse.describeTable(ref);
        expect(description.type).toBe('TABLE');
        expect(description.partitionBy).toEqual({ column: 'happened_at' });
        expect(description.clusterBy).toEqual(['id']);
        const shape = (columns: typeof description.columns): unknown =>
          columns.map((column) => ({
            name: column.name,
            type: column.type,
            mode: column.mode ?? 'NULLABLE',
            ...(column.fields ? { fields: shape(column.fields) } : {}),
          }));
        expect(shape(description.columns)).toEqual(shape(definition.columns));
        expect(await warehouse.dropTable(ref)).toEqual({ dropped: true });
        expect(await warehouse.tableExists(ref)).toBe(false);
        expect(await warehouse.dropTable(ref)).toEqual({ dropped: false });
      });

      it('creates or replaces a view', async () => {
        const { sql, definition } = await freshTable(countersTable);
        await warehouse.appendRows(dataset, definition, [
          { tenant_id: 'acme', day: '2026-01-01', runs: 3 },
          { tenant_id: 'zeta', day: '2026-01-01', runs: 5 },
        ]);
        const view = { dataset, table: `${definition.name}_view` };
        const viewSql = `\`${backend.projectId}.${view.dataset}.${view.table}\``;
        await warehouse.createOrReplaceView(
          view,
          `SELECT tenant_id, runs FROM ${sql} WHERE tenant_id = 'acme'`,
          "Acme's runs",
        );
        expect((await warehouse.runQuery(`SELECT tenant_id, runs FROM ${viewSql}`)).rows).toEqual([
          { tenant_id: 'acme', runs: 3 },
        ]);
        await warehouse.createOrReplaceView(view, `SELECT tenant_id, runs FROM ${sql} WHERE tenant_id = 'zeta'`);
        expect((await warehouse.runQuery(`SELECT tenant_id, runs FROM ${viewSql}`)).rows).toEqual([
          { tenant_id: 'zeta', runs: 5 },
        ]);
        expect((await warehouse.describeTable(view)).type).toBe('VIEW');
      });
    });

    describe('appendRows', () => {
      it('round-trips every column shape, NULLs and empty arrays included', async () => {
        const { sql, definition } = await freshTable();
        const full = itemRow('a', 1);
        const sparse = { id: 'b', version: 1, happened_at: '2026-01-03T00:00:00Z' };
        await warehouse.appendRows(dataset, definition, [full, sparse]);
        const rows = sortById((await warehouse.runQuery(`SELECT * FROM ${sql}`)).rows);
        expect(rows).toEqual([
          { ...full, happened_at: '2026-01-02T03:04:05.123456Z' },
          {
            id: 'b',
            version: 1,
            name: null,
            amount: null,
            ratio: null,
            active: null,
            happened_at: '2026-01-03T00:00:00.000Z',
            day: null,
            payload: null,
            blob: null,
            tags: [],
            owner: null,
          },
        ]);
      });

      it('appends without deduplicating: two appends of a row leave two rows', async () => {
        const { sql, definition } = await freshTable(countersTable);
        const row = { tenant_id: 'acme', day: '2026-01-01', runs: 1 };
        await warehouse.appendRows(dataset, definition, [row]);
        await warehouse.appendRows(dataset, definition, [row]);
        expect((await warehouse.runQuery(`SELECT COUNT(*) AS n FROM ${sql}`)).rows).toEqual([{ n: 2 }]);
      });

      it('splits a batch larger than one request into several statements', async () => {
        const { sql, definition } = await freshTable(countersTable);
        const small = backend.warehouse({ rowsParameterBudgetBytes: 4_096 });
        const rows = Array.from({ length: 300 }, (_, i) => ({
          tenant_id: `t${String(i).padStart(3, '0')}`,
          day: '2026-01-01',
          runs: i,
        }));
        await small.appendRows(dataset, definition, rows, { jobId: `contract_append_chunks_${backend.datasetPrefix}` });
        expect((await warehouse.runQuery(`SELECT COUNT(*) AS n, SUM(runs) AS total FROM ${sql}`)).rows).toEqual([
          { n: 300, total: (299 * 300) / 2 },
        ]);
      });

      it('refuses a row that does not fit the definition before sending anything, without echoing values', async () => {
        const { definition } = await freshTable();
        const error = await expectWarehouseError(
          warehouse.appendRows(dataset, definition, [itemRow('x', 1, { version: 'sup3r-s3cret-value' })]),
          'INVALID_ROW',
        );
        expect(error.message).toContain('version');
        expect(error.message).not.toContain('sup3r-s3cret-value');
        await expectWarehouseError(
          warehouse.appendRows(dataset, definition, [itemRow('x', 1, { unknown_column: 1 })]),
          'INVALID_ROW',
        );
        await expectWarehouseError(
          warehouse.appendRows(dataset, definition, [itemRow('x', 1, { happened_at: null })]),
          'INVALID_ROW',
        );
      });
    });

    describe('mergeRows', () => {
      it('inserts new keys and applies the version guard: older ignored, equal a no-op, newer wins', async () => {
        const { sql, definition } = await freshTable();
        expect(await warehouse.mergeRows(dataset, definition, [itemRow('a', 5), itemRow('b', 5)])).toEqual({
          affectedRows: 2,
        });

        const older = await warehouse.mergeRows(dataset, definition, [itemRow('a', 4, { name: 'older' })]);
        expect(older).toEqual({ affectedRows: 0 });
        const equal = await warehouse.mergeRows(dataset, definition, [
          itemRow('a', 5, { name: 'same version, other content' }),
        ]);
        expect(equal).toEqual({ affectedRows: 0 });
        const newer = await warehouse.mergeRows(dataset, definition, [
          itemRow('b', 6, { name: 'newer', owner: null, tags: [] }),
        ]);
        expect(newer).toEqual({ affectedRows: 1 });

        const rows = sortById((await warehouse.runQuery(`SELECT id, version, name, owner, tags FROM ${sql}`)).rows);
        expect(rows).toEqual([
          {
            id: 'a',
            version: 5,
            name: 'item a v5',
            owner: { name: 'ops', labels: [{ key: 'env', value: 'prod' }] },
            tags: ['a', 'b'],
          },
          { id: 'b', version: 6, name: 'newer', owner: null, tags: [] },
        ]);
      });

      it('is idempotent: the same batch applied twice changes nothing the second time', async () => {
        const { definition } = await freshTable();
        const batch = [itemRow('a', 1), itemRow('b', 2)];
        await warehouse.mergeRows(dataset, definition, batch);
        const before = await warehouse.checksumTable({ dataset, table: definition.name });
        expect(await warehouse.mergeRows(dataset, definition, batch)).toEqual({ affectedRows: 0 });
        expect(await warehouse.checksumTable({ dataset, table: definition.name })).toEqual(before);
      });

      it('reduces a batch to one row per key, the highest version winning', async () => {
        const { sql, definition } = await freshTable();
        const batch = [
          itemRow('a', 2, { name: 'v2' }),
          itemRow('a', 7, { name: 'v7' }),
          itemRow('a', 3, { name: 'v3' }),
        ];
        expect(await warehouse.mergeRows(dataset, definition, batch)).toEqual({ affectedRows: 1 });
        expect((await warehouse.runQuery(`SELECT id, version, name FROM ${sql}`)).rows).toEqual([
          { id: 'a', version: 7, name: 'v7' },
        ]);
      });

      it('merges 1,000 rows in one call, then updates only the rows whose version grew', async () => {
        const { sql, definition } = await freshTable();
        const rows = Array.from({ length: 1000 }, (_, i) => itemRow(`k${String(i).padStart(4, '0')}`, 1, { ratio: i }));
        expect(await warehouse.mergeRows(dataset, definition, rows)).toEqual({ affectedRows: 1000 });
        const next = rows.map((row, i) => (i % 4 === 0 ? { ...row, version: 2, ratio: -i } : row));
        expect(await warehouse.mergeRows(dataset, definition, next)).toEqual({ affectedRows: 250 });
        const summary = (
          await warehouse.runQuery(
            `SELECT COUNT(*) AS n, COUNTIF(version = 2) AS newer, SUM(ratio) AS total FROM ${sql}`,
          )
        ).rows;
        const expectedTotal = next.reduce((sum, row) => sum + Number(row.ratio), 0);
        expect(summary).toEqual([{ n: 1000, newer: 250, total: expectedTotal }]);
      });

      it('without a version column, the last write wins', async () => {
        const { sql, definition } = await freshTable(countersTable);
        await warehouse.mergeRows(dataset, definition, [{ tenant_id: 'acme', day: '2026-01-01', runs: 1 }]);
        expect(
          await warehouse.mergeRows(dataset, definition, [
            { tenant_id: 'acme', day: '2026-01-01', runs: 4, note: 'recount' },
          ]),
        ).toEqual({ affectedRows: 1 });
        expect((await warehouse.runQuery(`SELECT tenant_id, day, runs, note FROM ${sql}`)).rows).toEqual([
          { tenant_id: 'acme', day: '2026-01-01', runs: 4, note: 'recount' },
        ]);
      });

      it('splits an oversized batch into several MERGEs and still applies every row once', async () => {
        const { sql, definition } = await freshTable();
        const small = backend.warehouse({ rowsParameterBudgetBytes: 16_384 });
        const rows = Array.from({ length: 120 }, (_, i) => itemRow(`c${String(i).padStart(3, '0')}`, 1));
        expect(await small.mergeRows(dataset, definition, rows)).toEqual({ affectedRows: 120 });
        expect(await small.mergeRows(dataset, definition, rows)).toEqual({ affectedRows: 0 });
        expect((await warehouse.runQuery(`SELECT COUNT(*) AS n FROM ${sql}`)).rows).toEqual([{ n: 120 }]);
      });

      it('an empty batch sends nothing', async () => {
        const { definition } = await freshTable();
        expect(await warehouse.mergeRows(dataset, definition, [])).toEqual({ affectedRows: 0 });
      });
    });

    describe('runQuery and jobs', () => {
      it('binds named parameters, scalars and arrays, and returns typed rows', async () => {
        const result = await warehouse.runQuery(
          'SELECT @tenant AS tenant, @n + 1 AS next, ARRAY_LENGTH(@ids) AS ids, @day AS day',
          {
            params: { tenant: 'acme', n: 41, ids: ['a', 'b', 'c'], day: '2026-01-01' },
            types: { day: 'DATE' },
          },
        );
        expect(result.rows).toEqual([{ tenant: 'acme', next: 42, ids: 3, day: '2026-01-01' }]);
        expect(result.reattached).toBe(false);
        expect(result.jobId).toMatch(/^[A-Za-z0-9_-]+$/);
      });

      it('binds a hostile value harmlessly: it stays a value', async () => {
        const hostile = "2026-01-01' OR '1'='1";
        const result = await warehouse.runQuery('SELECT @day AS day', { params: { day: hostile } });
        expect(result.rows).toEqual([{ day: hostile }]);
      });

      it('sends a value that looks like a client placeholder as it is', async () => {
        // The client library fills `{{projectId}}` into the strings of a request's `json`; a value is not a placeholder.
        const value = 'project {{projectId}} here';
        const result = await warehouse.runQuery('SELECT @v AS v, @vs AS vs', { params: { v: value, vs: [value] } });
        expect(result.rows).toEqual([{ v: value, vs: [value] }]);
      });

      it('reports affected rows of DML', async () => {
        const { sql, definition } = await freshTable(countersTable);
        await warehouse.appendRows(dataset, definition, [
          { tenant_id: 'a', day: '2026-01-01', runs: 1 },
          { tenant_id: 'b', day: '2026-01-01', runs: 1 },
        ]);
        const result = await warehouse.runQuery(`UPDATE ${sql} SET runs = runs + 1 WHERE day = @day`, {
          params: { day: '2026-01-01' },
          types: { day: 'DATE' },
        });
        expect(result.affectedRows).toBe(2);
      });

      it('runs a statement with a given job id once: the second submission attaches to the first job', async () => {
        const { sql } = await freshTable(countersTable);
        const jobId = `${backend.datasetPrefix}_insert_once`;
        const statement = `INSERT INTO ${sql} (tenant_id, day, runs) VALUES ('acme', DATE '2026-01-01', 1)`;
        const first = await warehouse.runQuery(statement, { jobId });
        const second = await warehouse.runQuery(statement, { jobId });
        expect(first).toMatchObject({ jobId, reattached: false, affectedRows: 1 });
        expect(second).toMatchObject({ jobId, reattached: true, affectedRows: 1 });
        expect((await warehouse.runQuery(`SELECT COUNT(*) AS n FROM ${sql}`)).rows).toEqual([{ n: 1 }]);
      });

      it('a merge given a job id is applied once even when the call is repeated', async () => {
        const { sql, definition } = await freshTable(countersTable);
        const jobId = `${backend.datasetPrefix}_merge_once`;
        const first = await warehouse.mergeRows(
          dataset,
          definition,
          [{ tenant_id: 'acme', day: '2026-01-01', runs: 1 }],
          { jobId },
        );
        // Same job id, different rows: proof that nothing was submitted the second time.
        const second = await warehouse.mergeRows(
          dataset,
          definition,
          [{ tenant_id: 'zeta', day: '2026-01-01', runs: 9 }],
          { jobId },
        );
        expect(first).toEqual({ affectedRows: 1 });
        expect(second).toEqual({ affectedRows: 1 });
        expect((await warehouse.runQuery(`SELECT tenant_id FROM ${sql}`)).rows).toEqual([{ tenant_id: 'acme' }]);
      });

      it('streams a large result page by page, and runQuery gathers every page', async () => {
        const { sql, definition } = await freshTable(countersTable);
        const rows = Array.from({ length: 2500 }, (_, i) => ({
          tenant_id: `t${String(i).padStart(4, '0')}`,
          day: '2026-01-01',
          runs: i,
        }));
        await warehouse.appendRows(dataset, definition, rows);
        const streamed: Row[] = [];
        for await (const row of warehouse.streamQuery(`SELECT tenant_id, runs FROM ${sql} ORDER BY tenant_id`, {
          pageSize: 1000,
        }))
          streamed.push(row);
        expect(streamed).toHaveLength(2500);
        expect(streamed[0]).toEqual({ tenant_id: 't0000', runs: 0 });
        expect(streamed[2499]).toEqual({ tenant_id: 't2499', runs: 2499 });
        expect(streamed.map((row) => row.runs)).toEqual(rows.map((row) => row.runs));
        const gathered = await warehouse.runQuery(`SELECT tenant_id, runs FROM ${sql} ORDER BY tenant_id`, {
          pageSize: 700,
        });
        expect(gathered.rows).toEqual(streamed);
      });

      it('stops waiting at the time budget with TIMEOUT, cancels the job, and never starts it again', async () => {
        // Billions of rows from no table: slow everywhere, free on BigQuery (no bytes scanned).
        const slow =
          'SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 5000)) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(1, 5000)) AS b CROSS JOIN UNNEST(GENERATE_ARRAY(1, 5000)) AS c';
        const jobId = `${backend.datasetPrefix}_slow`;
        const error = await expectWarehouseError(warehouse.runQuery(slow, { jobId, timeoutMs: 500 }), 'TIMEOUT');
        expect(error.details).toMatchObject({ jobId });
        const again = await warehouse.runQuery(slow, { jobId, timeoutMs: 60_000 }).then(
          (result) => `completed (reattached: ${String(result.reattached)})`,
          (thrown: unknown) => (thrown instanceof WarehouseError ? thrown.code : String(thrown)),
        );
        expect(['CANCELLED', 'TIMEOUT']).toContain(again);
      });

      it('cancels a job: harmless on a finished job, NOT_FOUND on an unknown one', async () => {
        const done = await warehouse.runQuery('SELECT 1 AS one');
        await expect(warehouse.cancelJob(done.jobId)).resolves.toBeUndefined();
        await expectWarehouseError(warehouse.cancelJob(`${backend.datasetPrefix}_no_such_job`), 'NOT_FOUND');
      });
    });

    describe('checksumTable', () => {
      it('is equal for equal content whatever the insert order, and differs when content changes', async () => {
        const left = await freshTable();
        const right = await freshTable();
        const rows = [itemRow('a', 1), itemRow('b', 2, { owner: null }), itemRow('c', 3, { tags: [] })];
        await warehouse.appendRows(dataset, left.definition, rows);
        await warehouse.appendRows(dataset, right.definition, [rows[2] as Row]);
        await warehouse.appendRows(dataset, right.definition, [rows[0] as Row, rows[1] as Row]);
        const leftSum = await warehouse.checksumTable(left.ref);
        const rightSum = await warehouse.checksumTable(right.ref);
        expect(leftSum.rows).toBe(3);
        expect(rightSum).toEqual(leftSum);

        await warehouse.mergeRows(dataset, right.definition, [itemRow('b', 3, { owner: null })]);
        const changed = await warehouse.checksumTable(right.ref);
        expect(changed.rows).toBe(3);
        expect(changed.checksum).not.toBe(leftSum.checksum);
      });

      it('tells apart tables whose identical rows would cancel out under XOR alone', async () => {
        const left = await freshTable(countersTable);
        const right = await freshTable(countersTable);
        const a = { tenant_id: 'a', day: '2026-01-01', runs: 1 };
        const b = { tenant_id: 'b', day: '2026-01-01', runs: 1 };
        const c = { tenant_id: 'c', day: '2026-01-01', runs: 1 };
        await warehouse.appendRows(dataset, left.definition, [a, a, b]);
        await warehouse.appendRows(dataset, right.definition, [b, c, c]);
        expect((await warehouse.checksumTable(left.ref)).checksum).not.toBe(
          (await warehouse.checksumTable(right.ref)).checksum,
        );
      });

      it('checksums an empty table as zero rows', async () => {
        const { ref } = await freshTable();
        expect((await warehouse.checksumTable(ref)).rows).toBe(0);
      });
    });

    describe('errors', () => {
      it('maps a missing table or dataset to NOT_FOUND', async () => {
        await expectWarehouseError(
          warehouse.runQuery(`SELECT * FROM \`${backend.projectId}.${dataset}.no_such_table\``),
          'NOT_FOUND',
        );
        await expectWarehouseError(
          warehouse.ensureTable(`${backend.datasetPrefix}_missing`, countersTable),
          'NOT_FOUND',
        );
        await expectWarehouseError(warehouse.describeTable({ dataset, table: 'no_such_table' }), 'NOT_FOUND');
        await expectWarehouseError(
          warehouse.mergeRows(dataset, { ...countersTable, name: 'no_such_table' }, [
            { tenant_id: 'a', day: '2026-01-01', runs: 1 },
          ]),
          'NOT_FOUND',
        );
      });

      it('maps invalid SQL to INVALID_QUERY', async () => {
        await expectWarehouseError(warehouse.runQuery('SELEC 1'), 'INVALID_QUERY');
      });

      it('never puts a parameter value into an error message', async () => {
        const secret = 'sup3r-s3cret-value';
        const error = await expectWarehouseError(
          warehouse.runQuery('SELECT CAST(@secret AS INT64) AS n', { params: { secret } }),
          'INVALID_QUERY',
        );
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error.details)).not.toContain(secret);
      });

      it('refuses identifiers that could inject SQL', async () => {
        await expectWarehouseError(warehouse.ensureDataset('x`; DROP SCHEMA y; --'), 'INVALID_QUERY');
        await expectWarehouseError(warehouse.checksumTable({ dataset, table: 'a` b' }), 'INVALID_QUERY');
      });
    });
  });
}
