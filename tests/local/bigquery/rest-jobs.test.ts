import { LOCAL_BIGQUERY_TOKEN } from '../../../src/local/bigquery/client-options';
import { rejectionOf, useLocalBigQuery } from './local-bigquery-fixture';
import { plain } from './plain-values';
import { until } from '../../support/until';

/** Jobs through the real client: insert/get/cancel, getQueryResults pagination, jobs.query, parameters. */
const fixture = useLocalBigQuery('jobs-project');
const ALL_IDS = Array.from({ length: 25 }, (_, i) => i + 1);

beforeAll(async () => {
  const [dataset] = await fixture.client().createDataset('jobs');
  const [table] = await dataset.createTable('numbers', {
    schema: [
      { name: 'id', type: 'INTEGER' },
      { name: 'created_at', type: 'TIMESTAMP' },
    ],
  });
  await table.insert(ALL_IDS.map((id) => ({ id, created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, id)).toISOString() })));
});

describe('jobs.insert / jobs.get', () => {
  it('answers 409 duplicate for a job id submitted twice and leaves the first job untouched', async () => {
    const bq = fixture.client();
    const [first] = await bq.createQueryJob({ query: 'SELECT 1 AS answer', jobId: 'run-1_step_1' });
    const duplicate = await rejectionOf(bq.createQueryJob({ query: 'SELECT 2 AS answer', jobId: 'run-1_step_1' }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.errors?.[0]?.reason).toBe('duplicate');
    const [rows] = await bq.job('run-1_step_1').getQueryResults();
    expect(rows).toEqual([{ answer: 1 }]);
    const [metadata] = await bq.job('run-1_step_1').getMetadata();
    expect(metadata.configuration.query.query).toBe('SELECT 1 AS answer');
    expect(metadata.status.state).toBe('DONE');
    expect(first.id).toBe('run-1_step_1');
  });

  it('answers 404 for an unknown job', async () => {
    const error = await rejectionOf(fixture.client().job('never-submitted').getMetadata());
    expect(error.code).toBe(404);
    expect(error.errors?.[0]?.reason).toBe('notFound');
  });

  it('reports a failed job in its status and answers its getQueryResults with the error', async () => {
    const bq = fixture.client();
    const inserted = await rejectionOf(bq.createQueryJob({ query: 'SELECT * FROM jobs.absent', jobId: 'failing-job' }));
    expect(inserted.errors?.[0]?.reason).toBe('notFound');
    const [metadata] = await bq.job('failing-job').getMetadata();
    expect(metadata.status.errorResult.reason).toBe('notFound');
    expect((await rejectionOf(bq.job('failing-job').getQueryResults())).code).toBe(404);
  });

  it('cancelling a finished job leaves it DONE with its results', async () => {
    const bq = fixture.client();
    await bq.createQueryJob({ query: 'SELECT 7 AS n', jobId: 'finished-job' });
    const [response] = await bq.job('finished-job').cancel();
    expect(response.job?.status?.state).toBe('DONE');
    expect((await bq.job('finished-job').getQueryResults())[0]).toEqual([{ n: 7 }]);
  });
});

describe('jobs.cancel', () => {
  it('interrupts a running job, which ends DONE with reason stopped, and the endpoint keeps serving', async () => {
    const bq = fixture.client();
    const slowQuery =
      'SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 200000)) AS a, UNNEST(GENERATE_ARRAY(1, 200000)) AS b WHERE a + b = 7';
    // The insert call waits a while for the outcome; on a slow machine it may return the job still RUNNING.
    const insertion = bq.createQueryJob({ query: slowQuery, jobId: 'slow-job' }).then(
      () => undefined,
      (error: { errors?: { reason?: string }[] }) => error,
    );
    // Observe the job until the engine has started it.
    await until(
      () =>
        bq
          .job('slow-job')
          .getMetadata()
          .then(
            ([m]) => m.status.state === 'RUNNING',
            () => false,
          ),
      { what: 'job slow-job to be RUNNING', timeoutMs: 20_000 },
    );
    await bq.job('slow-job').cancel();
    const rejected = await insertion;
    if (rejected) expect(rejected.errors?.[0]?.reason).toBe('stopped');
    let metadata: { status: { state: string } } | undefined;
    await until(
      async () => {
        [metadata] = (await bq.job('slow-job').getMetadata()) as unknown as [{ status: { state: string } }];
        return metadata.status.state === 'DONE';
      },
      { what: 'cancelled job slow-job to be DONE', timeoutMs: 20_000 },
    );
    expect(metadata?.status).toMatchObject({ state: 'DONE', errorResult: { reason: 'stopped' } });
    expect((await bq.query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
  });
});

describe('getQueryResults pagination', () => {
  it('pages with maxResults and pageToken until the last page', async () => {
    const [job] = await fixture.client().createQueryJob({ query: 'SELECT id FROM jobs.numbers ORDER BY id' });
    const pages: number[][] = [];
    let options: Record<string, unknown> | null = { maxResults: 10, autoPaginate: false };
    while (options) {
      if (pages.length === 10) throw new Error('more than 10 pages of 25 rows: the page token never runs out');
      const [rows, next] = (await job.getQueryResults(options)) as unknown as [
        { id: number }[],
        Record<string, unknown> | null,
      ];
      pages.push(rows.map((row) => row.id));
      options = next;
    }
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(ALL_IDS);
  });

  it('starts a page at startIndex', async () => {
    const [job] = await fixture.client().createQueryJob({ query: 'SELECT id FROM jobs.numbers ORDER BY id' });
    const [rows] = await job.getQueryResults({ startIndex: '20', maxResults: 100, autoPaginate: false });
    expect(rows.map((row: { id: number }) => row.id)).toEqual([21, 22, 23, 24, 25]);
  });

  it('lets the client follow every page of a jobs.query result', async () => {
    const [rows] = await fixture
      .client()
      .query({ query: 'SELECT id FROM jobs.numbers ORDER BY id', maxResults: 7 } as never);
    expect((rows as { id: number }[]).map((row) => row.id)).toEqual(ALL_IDS);
  });
});

describe('query parameters and cell formats', () => {
  it('binds ARRAY<STRUCT> parameters with nested arrays and typed NULL fields', async () => {
    const [rows] = await fixture.client().query({
      query: 'SELECT r.name, r.tags, r.score, ARRAY_LENGTH(r.tags) AS n FROM UNNEST(@rows) AS r ORDER BY r.name',
      params: {
        rows: [
          { name: 'b', tags: ['x', 'y'], score: null },
          { name: 'a', tags: [], score: 1.5 },
        ],
      },
      types: { rows: [{ name: 'STRING', tags: ['STRING'], score: 'FLOAT64' }] },
    });
    expect(rows).toEqual([
      { name: 'a', tags: [], score: 1.5, n: 0 },
      { name: 'b', tags: ['x', 'y'], score: null, n: 2 },
    ]);
  });

  it('writes TIMESTAMP cells in the format the request asks for', async () => {
    const [job] = await fixture.client().createQueryJob({ query: 'SELECT created_at FROM jobs.numbers WHERE id = 1' });
    const base = `${fixture.server().url}/bigquery/v2/projects/jobs-project/queries/${job.id}`;
    const cell = async (query: string) => {
      const response = await fetch(`${base}?${query}`, {
        headers: { authorization: `Bearer ${LOCAL_BIGQUERY_TOKEN}` },
        signal: AbortSignal.timeout(5000),
      });
      return ((await response.json()) as { rows: { f: { v: string }[] }[] }).rows[0]!.f[0]!.v;
    };
    expect(await cell('formatOptions.useInt64Timestamp=true')).toBe('1704067201000000');
    expect(await cell('formatOptions.timestampOutputFormat=ISO8601_STRING')).toBe('2024-01-01T00:00:01.000000Z');
    expect(Number(await cell('formatOptions.useInt64Timestamp=false'))).toBe(1704067201);
    expect(plain((await job.getQueryResults())[0])).toEqual([{ created_at: '2024-01-01T00:00:01.000000Z' }]);
  });
});
