import * as E from 'fp-ts/Either';
import {
  executePipeline,
  formatLoadIssue,
  noLifecycle,
  type PipelineRunResult,
  type SetupPipeline,
} from '../pipelines';
import { CENTRAL_DATASET } from '../warehouse/tables';
import type { ServiceContext } from './service-context';

/** A shipped setup pipeline that does not load: a deployment fault, never the caller's. */
export class SetupPipelineInvalid extends Error {
  readonly code = 'SETUP_PIPELINE_INVALID';
  constructor(
    readonly which: SetupPipeline,
    readonly problems: readonly string[],
  ) {
    super(`The ${which} pipeline does not load: ${problems.join('; ')}`);
    this.name = 'SetupPipelineInvalid';
  }
}

export interface SetupRun {
  readonly runId: string;
  readonly tenantId?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** Runs one of configs/setup/… for a tenant (or the system) through the pipeline executor. */
export async function runSetupPipeline(
  ctx: ServiceContext,
  which: SetupPipeline,
  run: SetupRun,
): Promise<PipelineRunResult> {
  const loaded = await ctx.catalog.loadSetup(which);
  if (E.isLeft(loaded)) throw new SetupPipelineInvalid(which, loaded.left.map(formatLoadIssue));
  const pipeline = loaded.right;
  return executePipeline(
    {
      pipeline,
      run: {
        pipelineId: pipeline.pipeline_id,
        runId: run.runId,
        projectId: ctx.projectId,
        centralDataset: CENTRAL_DATASET,
        scheduledTime: ctx.now().toISOString(),
        ...(run.tenantId ? { tenantId: run.tenantId } : {}),
        ...(run.parameters ? { parameters: run.parameters } : {}),
      },
    },
    { ...ctx.pipelines, warehouse: ctx.warehouse, lifecycle: noLifecycle },
  );
}

/** The first error of a finished setup run, for messages. */
export function setupFailure(result: PipelineRunResult): string {
  const failed = result.steps.find((step) => step.status === 'failed');
  return failed?.error?.message ?? result.error?.message ?? `the setup pipeline ended ${result.status}`;
}
