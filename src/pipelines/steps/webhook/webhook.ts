/**
 * `notify_systems.webhook`: POSTs a JSON summary of the run to `webhook.url` with an explicit timeout
 * (`timeout_seconds`, default 10). Retries come from the step's retry policy: a network error, a timeout,
 * 408, 429 or 5xx can be retried; any other non-2xx answer (redirects included) cannot. Every attempt carries
 * the same `Idempotency-Key` (`{run_id}_{step_id}`) so a receiver can drop duplicates. Header values may be
 * secrets: they are never put in errors or outputs.
 *
 * Safe by construction (docs/security.md): the scheme, host and port are the YAML's literal text, values
 * fill only the path or query and are URL-encoded, the host must resolve to public addresses (or be
 * allow-listed by the operator) and the connection goes to exactly the vetted addresses.
 */
import * as E from 'fp-ts/lib/Either';
import { StepError } from '../../errors';
import type { RawStep } from '../../model/pipeline-codec';
import type { FieldIssue } from '../../model/report-errors';
import { onlyBlocks } from '../only-blocks';
import type { StepContext, StepKind } from '../step-kind';
import { textOf, variableText } from '../step-support';
import { postWebhook } from './post-webhook';
import type { WebhookResponse } from './post-webhook';
import { resolveWebhookTarget } from './resolve-webhook-target';
import { parseWebhookUrl } from './webhook-url';
import { renderWebhookPath } from './webhook-path';

export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;
/** Nothing of the answer is used but its status: a little of the body is read so the exchange ends cleanly. */
export const WEBHOOK_RESPONSE_LIMIT_BYTES = 64 * 1024;

/** Set by the service itself; a YAML header of that name would contradict the request. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'idempotency-key',
]);

function check(step: RawStep): readonly FieldIssue[] {
  const issues = [...onlyBlocks(['webhook'])(step)];
  if (!step.webhook) return [...issues, { path: ['webhook'], message: 'notify_systems.webhook needs webhook.url' }];
  const url = parseWebhookUrl(step.webhook.url);
  if (E.isLeft(url)) issues.push({ path: ['webhook', 'url'], message: url.left });
  for (const [name, value] of Object.entries(step.webhook.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      issues.push({ path: ['webhook', 'headers', name], message: `${name} is set by the service` });
    // The value is never quoted: headers may be secrets.
    else if (hasControlCharacter(value)) {
      issues.push({ path: ['webhook', 'headers', name], message: 'a header value has no control characters' });
    }
  }
  return issues;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
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
    steps: (s?.steps ?? []).map((r) => ({
      step_id: r.stepId,
      status: r.status,
      attempts: r.attempts,
      ...(r.error ? { error: r.error } : {}),
    })),
  };
}

const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

async function run(ctx: StepContext) {
  const config = ctx.step.webhook;
  if (!config) throw new StepError('INVALID_STEP_CONFIG', 'notify_systems.webhook needs webhook.url', false);
  const url = parseWebhookUrl(config.url);
  if (E.isLeft(url)) throw new StepError('INVALID_STEP_CONFIG', `webhook.url: ${url.left}`, false);
  const path = renderWebhookPath(url.right.pathTemplate, ctx.variables);
  if (E.isLeft(path)) throw new StepError('VARIABLES_INVALID', path.left.map((i) => i.message).join('; '), false);
  const { origin } = url.right;
  const addresses = await resolveWebhookTarget(origin, ctx.deps.webhook ?? { allowedHosts: [] });
  const timeoutMs = (config.timeout_seconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000;
  const timeout = ctx.deps.clock.timeoutSignal(timeoutMs);
  let response: WebhookResponse;
  try {
    response = await postWebhook({
      origin,
      path: path.right,
      addresses,
      headers: {
        ...config.headers,
        'content-type': 'application/json',
        'idempotency-key': `${variableText(ctx, 'run_id')}_${ctx.step.step_id}`,
      },
      body: JSON.stringify(webhookBody(ctx)),
      signal: AbortSignal.any([ctx.signal, timeout]),
      maxBodyBytes: WEBHOOK_RESPONSE_LIMIT_BYTES,
    });
  } catch {
    const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : 'the request failed';
    throw new StepError('WEBHOOK_FAILED', `webhook ${origin.host}: ${reason}`, true);
  }
  const { status } = response;
  if (status >= 300 && status < 400) {
    throw new StepError('WEBHOOK_FAILED', `webhook ${origin.host} answered ${status}: redirects are refused`, false, {
      status,
    });
  }
  if (status < 200 || status >= 300) {
    throw new StepError('WEBHOOK_FAILED', `webhook ${origin.host} answered ${status}`, retryableStatus(status), {
      status,
    });
  }
  return { details: { status, bodyBytesRead: response.bodyBytesRead, bodyTruncated: response.bodyTruncated } };
}

export const webhookKind: StepKind = { psType: 'notify_systems.webhook', check, run };
