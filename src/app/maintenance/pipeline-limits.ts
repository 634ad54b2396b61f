import * as E from 'fp-ts/Either';
import type { PipelineRef } from '../../domain/run/events';
import { DEFAULT_RETRY, type RetryPolicy } from '../../pipelines/executor/backoff';
import { DEFAULT_PIPELINE_TIMEOUT_MINUTES } from '../../pipelines/model/pipeline';
import type { ServiceContext } from '../service-context';

export interface PipelineLimits {
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
}

/**
 * A per-sweep cache of pipelines' timeouts and run retry policies. A pipeline that no longer loads gets the
 * defaults, so a run of a deleted or broken pipeline is still timed out rather than left running forever.
 */
export function pipelineLimitsOf(ctx: Pick<ServiceContext, 'catalog'>): (ref: PipelineRef) => Promise<PipelineLimits> {
  const cache = new Map<string, Promise<PipelineLimits>>();
  return (ref) => {
    const key = `${ref.provider}/${ref.domain}/${ref.template}`;
    let limits = cache.get(key);
    if (!limits) {
      limits = ctx.catalog
        .load({ provider: ref.provider, domain: ref.domain, name: ref.template })
        .then((loaded) =>
          E.isRight(loaded)
            ? { timeoutMs: loaded.right.timeout_minutes * 60_000, retry: loaded.right.retry }
            : { timeoutMs: DEFAULT_PIPELINE_TIMEOUT_MINUTES * 60_000, retry: DEFAULT_RETRY },
        );
      cache.set(key, limits);
    }
    return limits;
  };
}
