import path from 'node:path';
import * as E from 'fp-ts/lib/Either';
import { createPipelineCatalog } from '../../../src/pipelines/catalog/pipeline-catalog';
import type { PipelineRef, SetupPipeline } from '../../../src/pipelines/catalog/pipeline-catalog';
import { formatLoadIssue } from '../../../src/pipelines/errors';
import type { Clock } from '../../../src/pipelines/executor/clock';
import { systemClock } from '../../../src/pipelines/executor/clock';
import { executePipeline } from '../../../src/pipelines/executor/execute-pipeline';
import type { PipelineRunResult, ResumeState } from '../../../src/pipelines/executor/execute-pipeline';
import type { StepLifecycle } from '../../../src/pipelines/executor/lifecycle';
import { noLifecycle } from '../../../src/pipelines/executor/lifecycle';
import type { PipelineDefinition } from '../../../src/pipelines/model/pipeline';
import { defaultStepRegistry, defaultTableCatalog } from '../../../src/pipelines/steps/default-registry';
import { CENTRAL_DATASET } from '../../../src/warehouse/tables';
import type { Warehouse } from '../../../src/warehouse/warehouse';

/** The shipped configs, loaded as production loads them. */
export const shippedCatalog = createPipelineCatalog({
  root: path.resolve(__dirname, '../../../configs'),
  env: { registry: defaultStepRegistry, tables: defaultTableCatalog },
});

export async function shippedPipeline(which: SetupPipeline | PipelineRef): Promise<PipelineDefinition> {
  const loaded = typeof which === 'string' ? await shippedCatalog.loadSetup(which) : await shippedCatalog.load(which);
  if (E.isLeft(loaded)) throw new Error(loaded.left.map(formatLoadIssue).join('\n'));
  return loaded.right;
}

export interface ConfigRun {
  readonly warehouse: Warehouse;
  readonly projectId: string;
  readonly runId: string;
  readonly tenantId?: string;
  readonly date?: string;
  readonly scheduledTime?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly resume?: ResumeState;
  readonly lifecycle?: StepLifecycle;
  readonly clock?: Clock;
}

/** Runs a pipeline with the production step kinds and table definitions. */
export function runPipeline(pipeline: PipelineDefinition, r: ConfigRun): Promise<PipelineRunResult> {
  return executePipeline(
    {
      pipeline,
      run: {
        pipelineId: pipeline.pipeline_id,
        runId: r.runId,
        projectId: r.projectId,
        centralDataset: CENTRAL_DATASET,
        scheduledTime: r.scheduledTime ?? '2026-01-03T06:00:00Z',
        ...(r.tenantId ? { tenantId: r.tenantId } : {}),
        ...(r.date ? { date: r.date } : {}),
        ...(r.parameters ? { parameters: r.parameters } : {}),
      },
      ...(r.resume ? { resume: r.resume } : {}),
    },
    {
      registry: defaultStepRegistry,
      tables: defaultTableCatalog,
      warehouse: r.warehouse,
      lifecycle: r.lifecycle ?? noLifecycle,
      clock: r.clock ?? systemClock,
    },
  );
}
