import { Router } from 'express';
import { createSchedule } from '../../app/schedules/create-schedule';
import { deleteSchedule } from '../../app/schedules/delete-schedule';
import { getSchedule, listSchedules } from '../../app/schedules/list-schedules';
import { ScheduleInput } from '../../app/schedules/schedule-input';
import { updateSchedule } from '../../app/schedules/update-schedule';
import type { ServiceContext } from '../../app/service-context';
import { decodeInput } from '../decode';
import { actorOf, requireTenant, type AuthDependencies } from '../middleware/auth';
import { parameterSetterOf } from '../middleware/parameter-setter';
import { checkIdParam, checkTenantIdParam } from './tenant-id-param';

/** A tenant's pipeline schedules, at the paths operators of the original system know. */
export function scheduleRoutes(ctx: ServiceContext, auth: AuthDependencies): Router {
  const router = Router();
  router.param('tenant_id', checkTenantIdParam);
  router.param('config_id', checkIdParam('config_id'));
  const base = '/api/v1/scheduler/tenant/:tenant_id/pipelines';
  const tenantId = (params: Record<string, string | string[] | undefined>) => params.tenant_id as string;
  const configId = (params: Record<string, string | string[] | undefined>) => params.config_id as string;

  router.get(base, requireTenant(auth, 'pipelines:read'), async (req, res) => {
    res.json(await listSchedules(ctx, tenantId(req.params)));
  });
  router.post(base, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    const input = decodeInput(ScheduleInput, req.body, 'body');
    res.status(201).json(await createSchedule(ctx, tenantId(req.params), input, parameterSetterOf(req), actorOf(req)));
  });
  router.get(`${base}/:config_id`, requireTenant(auth, 'pipelines:read'), async (req, res) => {
    res.json(await getSchedule(ctx, tenantId(req.params), configId(req.params)));
  });
  router.put(`${base}/:config_id`, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    const input = decodeInput(ScheduleInput, req.body, 'body');
    const setBy = parameterSetterOf(req);
    res.json(await updateSchedule(ctx, tenantId(req.params), configId(req.params), input, setBy, actorOf(req)));
  });
  router.delete(`${base}/:config_id`, requireTenant(auth, 'pipelines:write'), async (req, res) => {
    res.json(await deleteSchedule(ctx, tenantId(req.params), configId(req.params), actorOf(req)));
  });
  return router;
}
