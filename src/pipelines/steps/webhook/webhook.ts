/**
 * `notify_systems.webhook`: POSTs a JSON summary of the run to `webhook.url` with an explicit timeout
 * (`timeout_seconds`, default 10). Retries come from the step's retry policy: a network error, a timeout,
 * 408, 429 or 5xx can be retried; any other non-2xx answer cannot. Every attempt carries the same
 * `Idempotency-Key` (`{run_id}_{step_id}`) so a receiver can drop duplicates. Header values may be secrets:
 * they are never put in errors or outputs.
 */
import { StepError } from '../../errors';
import type { RawStep } from '../../model/pipeline-codec';
import type { FieldIssue } from '../../model/report-errors';
import { onlyBlocks } from '../only-blocks';
import type { StepContext, StepKind } from '../step-kind';
import { textOf, variableText } from '../step-support';

export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

function check(step: RawStep): readonly FieldIssue[] {
  const issues = [...onlyBlocks(['webhook'])(step)];
  if (!step.webhook) return [...issues, { path: ['webhook'], message: 'notify_systems.webhook needs webhook.url' }];
  const url = step.webhook.url;
  // A URL may come whole from a variable ({alert_url}); otherwise it must be http(s).
  if (!/^\{[a-z_][a-z0-9_]*\}/.test(url) && !/^https?:\/\//.test(url)) issues.push({ path: ['webhook', 'url'], message: 'expected an http(s) URL' });
  return issues;
}

export function webhookBody(ctx: StepContext): Readonly<Record<string, unknown>> {
  const s = ctx.summary;
  const tenant = ctx.variables.get('tenant_id');
  return {
    pipeline_id: ctx.pipeline.pipeline_id,
    run_id: variableText(ctx, 'run_id'),
    tenant_id: tenant ? String(tenant.value) : null,
    date: variableText(ctx, 'date'),
    status: s?.status ?? 'running',
    message: ctx.step.webhook?.message !== undefined ? textOf(ctx, ctx.step.webhook.message) : null,
    steps: (s?.steps ?? []).map((r) => ({ step_id: r.stepId, status: r.status, attempts: r.attempts, ...(r.error ? { error: r.error } : {}) })),
  };
}

const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

async function run(ctx: StepContext) {
  const config = ctx.step.webhook;
  if (!config) throw new StepError('INVALID_STEP_CONFIG', 'notify_systems.webhook needs webhook.url', false);
  const url = textOf(ctx, config.url);
  if (!/^https?:\/\//.test(url)) throw new StepError('INVALID_STEP_CONFIG', 'webhook.url is not an http(s) URL', false);
  const timeoutMs = (config.timeout_seconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000;
  const timeout = ctx.deps.clock.timeoutSignal(timeoutMs);
  const doFetch = ctx.deps.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { ...config.headers, 'content-type': 'application/json', 'idempotency-key': `${variableText(ctx, 'run_id')}_${ctx.step.step_id}` },
      body: JSON.stringify(webhookBody(ctx)),
      signal: AbortSignal.any([ctx.signal, timeout]),
      redirect: 'error',
    });
    await response.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
  } catch {
    const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : 'the request failed';
    throw new StepError('WEBHOOK_FAILED', `webhook ${new URL(url).host}: ${reason}`, true);
  }
  if (!response.ok) {
    throw new StepError('WEBHOOK_FAILED', `webhook ${new URL(url).host} answered ${response.status}`, retryableStatus(response.status), { status: response.status });
  }
  return { details: { status: response.status } };
}

export const webhookKind: StepKind = { psType: 'notify_systems.webhook', check, run };
