import { Router } from 'express';
import * as t from 'io-ts';
import { PlanName } from '../../domain/plans';
import type { ServiceContext } from '../../app/service-context';
import { dryRunTenant, DryRunInput } from '../../app/tenants/dryrun-tenant';
import { getTenant } from '../../app/tenants/get-tenant';
import { onboardTenant, OnboardTenantInput } from '../../app/tenants/onboard-tenant';
import { changePlan, offboardTenant, reactivateTenant, suspendTenant } from '../../app/tenants/change-lifecycle';
import { ReasonField } from '../../app/tenants/tenant-fields';
import { TENANT_ID_PATTERN, isReservedTenantId } from '../../domain/tenant-id';
import { decodeInput } from '../decode';
import { HttpError } from '../http-error';
import { actorOf, requireAdmin, requireTenant, type AuthDependencies } from '../middleware/auth';
import { limitBy } from '../middleware/rate-limits';
import { checkTenantIdParam } from './tenant-id-param';

const ReasonBody = t.union([t.undefined, t.exact(t.partial({ reason: ReasonField }))]);
const PlanBody = t.exact(t.type({ subscription_plan: PlanName }));

/** A body's tenant_id gets the same code as a path's, before the rest of the body is looked at. */
function checkBodyTenantId(body: unknown): void {
  const tenantId = (body as { tenant_id?: unknown } | undefined)?.tenant_id;
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) {
    throw new HttpError('INVALID_TENANT_ID', 'tenant_id must be 3–50 characters of a-z, 0-9 and _');
  }
  if (isReservedTenantId(tenantId)) {
    throw new HttpError(
      'INVALID_TENANT_ID',
      'tenant_id names something the service uses itself (tenants, tenants__…, system, _…): choose another',
    );
  }
}

export function tenantRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);
  const admin = requireAdmin(auth);

  router.post('/api/v1/tenants/dryrun', admin, async (req, res) => {
    const input = decodeInput(DryRunInput, req.body, 'body');
    res.json(await dryRunTenant(ctx, input));
  });

  // One bucket for every operator: tenant creation provisions datasets.
  const creations = limitBy(auth.limits, 'tenant_creations', () => 'admin');
  router.post('/api/v1/tenants/onboard', admin, creations, async (req, res) => {
    checkBodyTenantId(req.body);
    const input = decodeInput(OnboardTenantInput, req.body, 'body');
    const tenant = await onboardTenant(ctx, input, actorOf(req));
    res.status(201).json({
      tenant_id: tenant.tenantId,
      status: tenant.status,
      subscription_plan: tenant.plan,
      limits: {
        daily_runs: tenant.limits.dailyRuns,
        monthly_runs: tenant.limits.monthlyRuns,
        concurrent_runs: tenant.limits.concurrentRuns,
      },
      dataset: tenant.dataset,
      api_key: tenant.apiKey,
      api_key_id: tenant.apiKeyId,
      resumed: tenant.resumed,
      message: 'Store the API key now: it is shown only once.',
    });
  });

  router.get('/api/v1/tenants/:tenant_id', requireTenant(auth, 'pipelines:read'), async (req, res) => {
    res.json(await getTenant(ctx, req.params.tenant_id as string));
  });

  router.put('/api/v1/tenants/:tenant_id/plan', admin, async (req, res) => {
    const body = decodeInput(PlanBody, req.body, 'body');
    res.json(await changePlan(ctx, req.params.tenant_id as string, body.subscription_plan, actorOf(req)));
  });

  router.post('/api/v1/tenants/:tenant_id/suspend', admin, async (req, res) => {
    const body = decodeInput(ReasonBody, req.body, 'body');
    res.json(
      await suspendTenant(
        ctx,
        req.params.tenant_id as string,
        body?.reason ?? 'suspended by an operator',
        actorOf(req),
      ),
    );
  });

  router.post('/api/v1/tenants/:tenant_id/reactivate', admin, async (req, res) => {
    res.json(await reactivateTenant(ctx, req.params.tenant_id as string, actorOf(req)));
  });

  router.delete('/api/v1/tenants/:tenant_id', admin, async (req, res) => {
    const body = decodeInput(ReasonBody, req.body, 'body');
    res.json(
      await offboardTenant(
        ctx,
        req.params.tenant_id as string,
        body?.reason ?? 'offboarded by an operator',
        actorOf(req),
      ),
    );
  });
  return router;
}
