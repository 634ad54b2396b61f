import type { RunCommand, RunOutcome } from '../../domain/run/commands';
import type { ExistingRun, RunState } from '../../domain/run/state';
import type { PipelineDefinition, StepLifecycle } from '../../pipelines';
import type { KnownAggregate } from '../decide-and-append';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { ExecutionDetached, type TrackedExecution } from './executions-in-flight';
import { settlesLastStep, stepCommands } from './execution-plan';
import { releaseWrites } from './gate';
import { handleRunCommand, type RunCommandResult } from './handle-run-command';

/**
 * Records one execution's commands on its run's stream. It owns what this execution knows of the run: each
 * command decides from the state the previous commit left (so the stream is read again only when someone else
 * appended), and the report that settles the pipeline's last step is held back to ride in the finish's commit.
 */
export class RunRecorder {
  private known: KnownAggregate<RunState>;
  private heldLastStep: RunCommand | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly run: ExistingRun,
    private readonly actor: Actor,
    started: KnownAggregate<RunState>,
  ) {
    this.known = started;
  }

  /** The executor's step reports as run commands; a refused report (cancelled, taken over) aborts the run. */
  lifecycle(
    pipeline: PipelineDefinition,
    workerId: string,
    abort: AbortController,
    tracked: TrackedExecution | undefined,
  ): StepLifecycle {
    const record = async (command: RunCommand) => {
      // Detached by shutdown: no report (so no next step, no next BigQuery job) from this process any more.
      if (tracked?.detached()) throw new ExecutionDetached(this.run.runId);
      try {
        await this.record(command);
      } catch (error) {
        if (error instanceof DomainRefusal) abort.abort(error);
        throw error;
      }
    };
    const settle = async (stepId: string, command: RunCommand) => {
      if (settlesLastStep(pipeline, this.known.state, stepId)) this.heldLastStep = command;
      else await record(command);
    };
    return {
      stepStarted: (report) => record(stepCommands.started(pipeline, workerId, report)),
      stepSucceeded: (report) => settle(report.stepId, stepCommands.succeeded(workerId, report)),
      // A failure that will be retried is not a step end: the next attempt reports again.
      stepFailed: async (report) =>
        report.willRetry ? undefined : settle(report.stepId, stepCommands.failed(workerId, report)),
      stepSkipped: (report) =>
        settle(report.stepId, stepCommands.skipped(workerId, report, this.ctx.now().toISOString())),
    };
  }

  /**
   * The run's finish (with the held last step report, if any), giving back its slot. If the pair is refused, the
   * finish is decided alone: a report refused on its own would have ended the execution the same way.
   */
  async finish(workerId: string, outcome: RunOutcome): Promise<RunCommandResult> {
    const finishRun: RunCommand = { type: 'FinishRun', data: { workerId, outcome, now: this.ctx.now().toISOString() } };
    const held = this.heldLastStep;
    if (!held) return this.commit(finishRun);
    return this.commit([held, finishRun]).catch((error: unknown) =>
      error instanceof DomainRefusal ? this.commit(finishRun) : Promise.reject(error),
    );
  }

  private async record(command: RunCommand): Promise<void> {
    const result = await handleRunCommand(
      this.ctx,
      this.run.runId,
      this.run.tenantId,
      async () => ({ command }),
      this.actor,
      this.known,
    );
    this.known = { state: result.state, head: result.head };
  }

  private commit(command: RunCommand | readonly RunCommand[]): Promise<RunCommandResult> {
    const { runId, tenantId } = this.run;
    const usageDay = this.run.usage?.day;
    return handleRunCommand(
      this.ctx,
      runId,
      tenantId,
      async () => ({ command, extraWrites: (events) => releaseWrites(tenantId, events, runId, usageDay) }),
      this.actor,
      this.known,
    );
  }
}
