import { StepError, type StepKind } from '../../../src/pipelines';
import { Arrivals } from '../../support/arrivals';

/** A step that succeeds at once and records each execution (`runId/stepId`): what shows a step ran twice. */
export class CountingSteps {
  readonly executed: string[] = [];

  readonly kind: StepKind = {
    psType: 'test.count',
    check: () => [],
    run: async (ctx) => {
      this.executed.push(`${String(ctx.variables.get('run_id')?.value)}/${ctx.step.step_id}`);
      return { details: { counted: true } };
    },
  };

  count(runId: string, stepId: string): number {
    return this.executed.filter((entry) => entry === `${runId}/${stepId}`).length;
  }
}

export interface ParkedStep {
  readonly runId: string;
  readonly stepId: string;
  release(): void;
}

/**
 * A step that waits until the test releases that very execution (each execution parks separately, so a
 * resumed execution of a run parks beside the dead one instead of replacing it). Aborting rejects it.
 */
export class ParkingSteps {
  private readonly arrivals = new Arrivals<ParkedStep>();

  get parked(): readonly ParkedStep[] {
    return this.arrivals.items;
  }

  readonly kind: StepKind = {
    psType: 'test.park',
    check: () => [],
    run: (ctx) =>
      new Promise((resolve, reject) => {
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason ?? new Error('aborted')), { once: true });
        this.arrivals.push({
          runId: String(ctx.variables.get('run_id')?.value),
          stepId: ctx.step.step_id,
          release: () => resolve({ details: { parked: true } }),
        });
      }),
  };

  /** Resolves with the n-th parked execution (1-based) once it has parked. */
  async nth(n: number): Promise<ParkedStep> {
    await this.arrivals.until(n);
    return this.arrivals.items[n - 1] as ParkedStep;
  }
}

/** Step 1 counts, step 2 parks: a run whose worker can die after step 1 finished and while step 2 runs. */
export const twoStepPipeline = (
  pipelineId: string,
  options: { timeoutMinutes: number; attempts?: number },
) => `pipeline_id: ${pipelineId}
version: 1
description: Counts, then parks until the test releases it.
timeout_minutes: ${options.timeoutMinutes}
retry:
  attempts: ${options.attempts ?? 1}
steps:
  - step_id: first
    ps_type: test.count
  - step_id: second
    ps_type: test.park
    depends_on: [first]
`;

export const countPipeline = (pipelineId: string) => singleStepPipeline(pipelineId, 'test.count');

/** A step that fails for good (not retryable). */
export const failingKind: StepKind = {
  psType: 'test.fail',
  check: () => [],
  run: async () => {
    throw new StepError('STEP_FAILED', 'this step always fails', false);
  },
};

export const singleStepPipeline = (pipelineId: string, psType: string) => `pipeline_id: ${pipelineId}
version: 1
description: One ${psType} step.
steps:
  - step_id: only
    ps_type: ${psType}
`;
