import { type Request, Router } from 'express';
import * as t from 'io-ts';
import { cancelRun } from '../../app/runs/cancel-run';
import { getRun, runNotFound } from '../../app/runs/get-run';
import { ListRunsQuery, listRuns } from '../../app/runs/list-runs';
import { IDEMPOTENCY_KEY, ManualRunInput, startManualRun } from '../../app/runs/start-manual-run';
import type { ServiceContext } from '../../app/service-context';
import { ReasonField } from '../../app/tenants/tenant-fields';
import { RUN_ID_PATTERN, tenantOfRunId } from '../../domain/run/ids';
import { TENANT_ID_PATTERN } from '../../domain/tenant-id';
import { decodeInput } from '../decode';
import { looksSecret } from '../../security';
import { HttpError } from '../http-error';
import { actorOf, authenticate, authorizeTenant, requireTenant, type AuthDependencies } from '../middleware/auth';
import { parameterSetterOf } from '../middleware/parameter-setter';
import { limitBy } from '../middleware/rate-limits';
import { checkTenantIdParam } from './tenant-id-param';

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ReasonBody = t.union([t.undefined, t.exact(t.partial({ reason: ReasonField }))]);
const TenantQuery = t.partial({ tenant_id: t.refinement(t.string, (s) => TENANT_ID_PATTERN.test(s), 'tenant id') });

function checkRunId(value: unknown): string {
  if (typeof value === 'string' && RUN_ID_PATTERN.test(value)) return value;
  throw new HttpError('INVALID_PARAMETER', 'run_id is not a run id');
}

/**
 * Decided before anything is read: another tenant's run id answers exactly as a missing one (same status,
 * code and message), so a tenant key cannot learn which of another tenant's runs exist.
 */
function checkRunReachable(req: Request, runId: string): void {
  const principal = req.principal;
  if (principal?.kind === 'tenant' && principal.key.tenantId !== tenantOfRunId(runId)) {
    throw runNotFound(runId);
  }
}

/** Manual runs and run control, tenant-scoped: a tenant key sees and controls only its own runs. */
export function runRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);
  const authenticated = authenticate(auth);

  // Run starts per tenant, whoever asks (the admin key too): each start costs BigQuery work.
  const runStarts = limitBy(auth.limits, 'run_starts', (req) => req.params.tenant_id as string);
  router.post(
    '/api/v1/pipelines/run/:tenant_id/:provider/:domain/:template_name',
    requireTenant(auth, 'pipelines:execute'),
    runStarts,
    async (req, res) => {
      const { provider, domain, template_name: name } = req.params as Record<string, string>;
      for (const [field, value] of Object.entries({ provider, domain, template_name: name })) {
        if (!SEGMENT.test(value ?? '') || value === 'setup')
          throw new HttpError('INVALID_PARAMETER', `${field} must be a-z, 0-9, _ or - (not "setup")`);
      }
      const input = decodeInput(ManualRunInput, req.body ?? {}, 'body');
      const key = req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
        throw new HttpError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 8–40 of A-Z a-z 0-9 _ -');
      // The key becomes part of the run id (events, logs, responses): credential-shaped values are refused.
      if (key !== undefined && (key.startsWith('cvg_') || looksSecret(key))) {
        throw new HttpError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must not look like a credential (cvg_…)');
      }
      const ref = { provider: provider as string, domain: domain as string, name: name as string };
      const tenantId = req.params.tenant_id as string;
      const answer = await startManualRun(ctx, tenantId, ref, input, key, parameterSetterOf(req), actorOf(req));
      res.status(answer.existing ? 200 : 202).json(answer);
    },
  );

  router.get('/api/v1/pipelines/runs/:run_id', authenticated, async (req, res) => {
    const runId = checkRunId(req.params.run_id);
    checkRunReachable(req, runId);
    const run = await getRun(ctx, runId);
    authorizeTenant(req, run.tenant_id as string, 'pipelines:read');
    res.json(run);
  });

  router.get('/api/v1/pipelines/runs', authenticated, async (req, res) => {
    const query = decodeInput(t.intersection([ListRunsQuery, TenantQuery]), req.query, 'query');
    const principal = req.principal;
    const tenantId = principal?.kind === 'tenant' ? principal.key.tenantId : query.tenant_id;
    if (!tenantId) throw new HttpError('INVALID_PARAMETER', 'tenant_id is required with the admin key');
    authorizeTenant(req, tenantId, 'pipelines:read');
    res.json(await listRuns(ctx, tenantId, query));
  });

  router.delete('/api/v1/pipelines/runs/:run_id', authenticated, async (req, res) => {
    const runId = checkRunId(req.params.run_id);
    checkRunReachable(req, runId);
    const run = await getRun(ctx, runId);
    authorizeTenant(req, run.tenant_id as string, 'pipelines:execute');
    const body = decodeInput(ReasonBody, req.body, 'body');
    res.json(await cancelRun(ctx, runId, body?.reason ?? 'cancelled by request', actorOf(req)));
  });
  return router;
}
