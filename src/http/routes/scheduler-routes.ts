import { Router } from 'express';
import * as t from 'io-ts';
import { executeRun } from '../../app/runs/execute-run';
import type { ServiceContext } from '../../app/service-context';
import { tickOf } from '../../app/scheduling/fire-times';
import { triggerSchedules } from '../../app/scheduling/trigger-schedules';
import { TenantIdField } from '../../app/tenants/tenant-fields';
import { RUN_ID_PATTERN } from '../../domain/run/ids';
import { decodeInput } from '../decode';
import { HttpError } from '../http-error';
import { DRAINING_RETRY_AFTER_SECONDS } from '../middleware/draining';
import { actorOf, requireService, type AuthDependencies } from '../middleware/auth';

const ExecuteBody = t.type({
  run_id: t.refinement(t.string, (s) => RUN_ID_PATTERN.test(s), 'run id'),
  tenant_id: TenantIdField,
});

/** The endpoints Cloud Scheduler and Cloud Tasks call (service auth: OIDC in production, shared secret locally). */
export function schedulerRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  const service = requireService(auth);

  router.post('/api/v1/scheduler/trigger', service, async (req, res) => {
    const tick = tickOf(req.header('x-cloudscheduler-scheduletime'), ctx.now());
    const report = await triggerSchedules(ctx, tick, actorOf(req));
    res.status(report.failures.length > 0 ? 500 : 200).json(report);
  });

  // Every handled outcome is a 2xx (finished, deferred, rejected, acknowledged): only a fault asks Cloud Tasks to retry.
  router.post('/tasks/runs/execute', service, async (req, res) => {
    const body = decodeInput(ExecuteBody, req.body, 'body');
    const report = await executeRun(ctx, body.run_id, body.tenant_id, actorOf(req));
    // Shutdown let go of the run mid-way: a non-2xx has Cloud Tasks deliver it again, and that delivery resumes it.
    if (report.status === 'interrupted') {
      const headers = { 'Retry-After': String(DRAINING_RETRY_AFTER_SECONDS) };
      const message = 'The service is shutting down; the run resumes on redelivery';
      throw new HttpError('DRAINING', message, undefined, headers);
    }
    res.json(report);
  });
  return router;
}
