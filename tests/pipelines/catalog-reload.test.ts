import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either';
import { createPipelineCatalog, type PipelineCatalog } from '../../src/pipelines/catalog/pipeline-catalog';
import { defaultStepRegistry, defaultTableCatalog } from '../../src/pipelines/steps/default-registry';

// The catalog keeps what it parsed while a file is unchanged; an edited file is read again at its next load.
let root: string;
let catalog: PipelineCatalog;
const file = () => path.join(root, 'gcp', 'test', 'reloaded.yml');
const ref = { provider: 'gcp', domain: 'test', name: 'reloaded' };
const pipeline = (description: string) => `pipeline_id: reloaded
version: 1
description: ${description}
steps:
  - step_id: check
    ps_type: gcp.bq_etl
    source: { query: "SELECT 1 AS x" }
    destination: { dataset_type: tenant, table: billing_cost_daily, write_mode: merge, merge_keys: [usage_date, row_key] }
`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'convergence-catalog-'));
  await mkdir(path.join(root, 'gcp', 'test'), { recursive: true });
  catalog = createPipelineCatalog({ root, env: { registry: defaultStepRegistry, tables: defaultTableCatalog } });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const description = async () => {
  const loaded = await catalog.load(ref);
  if (E.isLeft(loaded)) throw new Error(loaded.left.map((issue) => issue.message).join('; '));
  return loaded.right.description;
};

describe('the catalog reloads edited pipeline files', () => {
  it('an unchanged file answers the same definition; an edit (even of the same size) is seen at the next load', async () => {
    await writeFile(file(), pipeline('first'));
    const first = await catalog.load(ref);
    expect(await catalog.load(ref)).toBe(first);
    expect(await description()).toBe('first');

    await writeFile(file(), pipeline('a longer second'));
    expect(await description()).toBe('a longer second');

    // Same size, later modification time.
    await writeFile(file(), pipeline('third  version!'));
    const later = new Date(Date.now() + 60_000);
    await utimes(file(), later, later);
    expect(await description()).toBe('third  version!');
  });

  it('a file that turns invalid is reported, not served from what was parsed before', async () => {
    await writeFile(file(), pipeline('valid'));
    expect(await description()).toBe('valid');
    await writeFile(file(), 'pipeline_id: reloaded\nsteps: not-a-list\n');
    const loaded = await catalog.load(ref);
    expect(E.isLeft(loaded)).toBe(true);
  });
});
