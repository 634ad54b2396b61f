import * as E from 'fp-ts/lib/Either';
import { formatLoadIssue } from '../../../src/pipelines/errors';
import { parsePipeline } from '../../../src/pipelines/model/load-pipeline';
import type { PipelineDefinition } from '../../../src/pipelines/model/pipeline';
import type { StepRegistry } from '../../../src/pipelines/steps/step-kind';
import type { TableCatalog } from '../../../src/pipelines/steps/table-catalog';
import type { RunIdentity } from '../../../src/pipelines/variables/resolve-variables';

export const emptyTables: TableCatalog = { centralDataset: 'tenants', centralTables: [], tenantTables: [] };

/** Parses a pipeline that the test expects to be valid (throws with every issue otherwise). */
export function pipelineFrom(
  yaml: string,
  registry: StepRegistry,
  tables: TableCatalog = emptyTables,
): PipelineDefinition {
  const parsed = parsePipeline(yaml, 'test.yml', { registry, tables });
  if (E.isLeft(parsed)) throw new Error(parsed.left.map(formatLoadIssue).join('\n'));
  return parsed.right;
}

export function runIdentity(overrides: Partial<RunIdentity> = {}): RunIdentity {
  return {
    pipelineId: 'test_pipeline',
    runId: 'run_0001',
    projectId: 'convergence-test',
    centralDataset: 'tenants',
    scheduledTime: '2026-01-02T06:00:00Z',
    tenantId: 'acme_corp',
    ...overrides,
  };
}
