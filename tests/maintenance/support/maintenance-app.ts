import express, { type Express } from 'express';
import request from 'supertest';
import { createLogger } from '../../../src/http/logger';
import { errorHandler, notFound } from '../../../src/http/middleware/error-handler';
import { requestId } from '../../../src/http/middleware/request-id';
import { maintenanceRoutes } from '../../../src/http/routes/maintenance-routes';
import type { TestService } from '../../support/service';
import { serviceAuth } from '../../runs/support';

/** The maintenance routes mounted as the service mounts its routers (request id, JSON, error mapping). */
export function maintenanceApp(service: TestService): Express {
  const app = express();
  app.use(requestId);
  app.use(express.json());
  app.use(maintenanceRoutes(service.ctx, service.auth));
  app.use(notFound);
  app.use(errorHandler(createLogger('silent')));
  return app;
}

/** Each sends at once (supertest is lazy until awaited; concurrent calls must really overlap). */
export const processQueueCall = (app: Express, service: TestService) =>
  request(app)
    .post('/api/v1/scheduler/process-queue')
    .set(serviceAuth(service))
    .send({})
    .then((r) => r);

export const resetDailyQuotasCall = (app: Express, service: TestService, scheduleTime?: string) => {
  const call = request(app).post('/api/v1/scheduler/reset-daily-quotas').set(serviceAuth(service));
  return (scheduleTime ? call.set('X-CloudScheduler-ScheduleTime', scheduleTime) : call).send({}).then((r) => r);
};

export const statusCall = (app: Express, headers: Record<string, string>) =>
  request(app)
    .get('/api/v1/scheduler/status')
    .set(headers)
    .then((r) => r);
