import { Router } from 'express';
import { processQueue } from '../../app/maintenance/process-queue';
import { resetDailyQuotas } from '../../app/maintenance/reset-daily-quotas';
import { schedulerStatus } from '../../app/maintenance/scheduler-status';
import { tickOf } from '../../app/scheduling/fire-times';
import type { ServiceContext } from '../../app/service-context';
import { actorOf, requireService, type AuthDependencies } from '../middleware/auth';

/**
 * The scheduler's housekeeping, called by Cloud Scheduler (service auth; the admin key is accepted too):
 * the sweeper for lost tasks and dead workers, the daily usage close, and a status view for operators.
 */
export function maintenanceRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  const service = requireService(auth);

  router.post('/api/v1/scheduler/process-queue', service, async (req, res) => {
    res.json(await processQueue(ctx, actorOf(req)));
  });

  router.post('/api/v1/scheduler/reset-daily-quotas', service, async (req, res) => {
    const tick = tickOf(req.header('x-cloudscheduler-scheduletime'), ctx.now());
    res.json(await resetDailyQuotas(ctx, tick, actorOf(req)));
  });

  router.get('/api/v1/scheduler/status', service, async (_req, res) => {
    res.json(await schedulerStatus(ctx));
  });
  return router;
}
