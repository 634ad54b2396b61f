import type { StepKind } from '../../src/pipelines';
import { Arrivals } from '../support/arrivals';

/**
 * A test-only step kind that does not finish until the test releases it: how a test holds runs "running"
 * (to fill concurrency slots, or to cancel one mid-run) without sleeping.
 */
export class HoldSteps {
  private readonly waiting = new Map<string, () => void>();
  private readonly arrivals = new Arrivals<string>();

  get started(): readonly string[] {
    return this.arrivals.items;
  }

  readonly kind: StepKind = {
    psType: 'test.hold',
    check: () => [],
    run: (ctx) =>
      new Promise((resolve, reject) => {
        const runId = String(ctx.variables.get('run_id')?.value);
        this.waiting.set(runId, () => resolve({ details: { held: true } }));
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason ?? new Error('aborted')), { once: true });
        this.arrivals.push(runId);
      }),
  };

  /** Resolves once `count` runs are held in total. */
  untilHeld(count: number): Promise<void> {
    return this.arrivals.until(count);
  }

  release(runId: string): void {
    const release = this.waiting.get(runId);
    if (!release) throw new Error(`run ${runId} is not held`);
    this.waiting.delete(runId);
    release();
  }

  releaseAll(): void {
    for (const runId of [...this.waiting.keys()]) this.release(runId);
  }
}

export const HOLD_PIPELINE = `pipeline_id: hold
version: 1
description: Holds until the test releases it.
timeout_minutes: 5
steps:
  - step_id: hold
    name: Wait for the test
    ps_type: test.hold
`;
