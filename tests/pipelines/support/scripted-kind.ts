import { StepError } from '../../../src/pipelines/errors';
import type { StepContext, StepKind } from '../../../src/pipelines/steps/step-kind';

/**
 * A step kind whose behaviour per step id is scripted by the test: succeed, fail a number of times, fail
 * for good, or hang until its signal aborts. It records starts, finishes and the peak number of steps in
 * flight (steps yield to the event loop once, so steps started together overlap).
 */
export type Script =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'fail'; readonly times: number; readonly retryable?: boolean }
  | { readonly kind: 'hang' };

export interface ScriptedKind extends StepKind {
  readonly started: string[];
  readonly finished: string[];
  readonly contexts: StepContext[];
  readonly peakInFlight: () => number;
}

export function scriptedKind(psType: string, scripts: Readonly<Record<string, Script>>): ScriptedKind {
  const started: string[] = [];
  const finished: string[] = [];
  const contexts: StepContext[] = [];
  const failures = new Map<string, number>();
  let inFlight = 0;
  let peak = 0;
  return {
    psType,
    started,
    finished,
    contexts,
    peakInFlight: () => peak,
    check: () => [],
    run: async (ctx) => {
      const id = ctx.step.step_id;
      started.push(id);
      contexts.push(ctx);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        const script = scripts[id] ?? { kind: 'succeed' };
        if (script.kind === 'hang') {
          await new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
          );
        }
        if (script.kind === 'fail') {
          const n = (failures.get(id) ?? 0) + 1;
          failures.set(id, n);
          if (n <= script.times) throw new StepError('STEP_FAILED', `${id} failed (${n})`, script.retryable ?? true);
        }
        finished.push(id);
        return { jobIds: [ctx.jobId()] };
      } finally {
        inFlight -= 1;
      }
    },
  };
}
