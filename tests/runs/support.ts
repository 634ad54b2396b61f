import request from 'supertest';
import { runStreamId } from '../../src/domain/streams';
import type { RunEvent } from '../../src/domain/run/events';
import type { RecordedTask } from '../support/recording-dispatcher';
import type { TestService } from '../support/service';

export const admin = (service: TestService) => ({ 'X-Admin-Key': service.secrets.adminKey });
export const serviceAuth = (service: TestService) => ({ Authorization: `Bearer ${service.secrets.serviceToken}` });

export async function bootstrapAndOnboard(
  service: TestService,
  tenants: readonly { tenantId: string; plan: string; timezone?: string }[],
): Promise<Record<string, string>> {
  const boot = await request(service.app).post('/api/v1/admin/bootstrap').set(admin(service));
  if (boot.status >= 300) throw new Error(`bootstrap: ${boot.status} ${JSON.stringify(boot.body)}`);
  return onboardTenants(service, tenants);
}

/** Onboards tenants on a bootstrapped service; their API keys by tenant id. */
export async function onboardTenants(
  service: TestService,
  tenants: readonly { tenantId: string; plan: string; timezone?: string }[],
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const t of tenants) {
    const res = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(admin(service))
      .send({
        tenant_id: t.tenantId,
        company_name: t.tenantId,
        contact_email: `ops@${t.tenantId.replace(/_/g, '-')}.example.com`,
        subscription_plan: t.plan,
        timezone: t.timezone ?? 'UTC',
      });
    if (res.status !== 201) throw new Error(`onboard ${t.tenantId}: ${res.status} ${JSON.stringify(res.body)}`);
    keys[t.tenantId] = res.body.api_key;
  }
  return keys;
}

export async function createSchedule(service: TestService, tenantId: string, body: Record<string, unknown>) {
  const res = await request(service.app)
    .post(`/api/v1/scheduler/tenant/${tenantId}/pipelines`)
    .set(admin(service))
    .send({ provider: 'demo', domain: 'health', template: 'warehouse_check', ...body });
  if (res.status !== 201) throw new Error(`schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function trigger(service: TestService, tick: string) {
  return request(service.app)
    .post('/api/v1/scheduler/trigger')
    .set(serviceAuth(service))
    .set('X-CloudScheduler-ScheduleTime', tick);
}

/** Sends the task now (a supertest request is lazy until awaited; deliveries must start when asked). */
export function deliver(service: TestService, task: { runId: string; tenantId: string }): Promise<request.Response> {
  return request(service.app)
    .post('/tasks/runs/execute')
    .set(serviceAuth(service))
    .send({ run_id: task.runId, tenant_id: task.tenantId })
    .then((response) => response);
}

export async function runEvents(service: TestService, runId: string): Promise<RunEvent[]> {
  return (await service.ctx.store.readStream(runStreamId(runId))).events as unknown as RunEvent[];
}

/** A manual run requested with the admin key (202), and the one task it dispatched. */
export async function requestManualRun(
  service: TestService,
  tenantId: string,
  pipeline: string,
): Promise<RecordedTask> {
  const res = await request(service.app)
    .post(`/api/v1/pipelines/run/${tenantId}/${pipeline}`)
    .set(admin(service))
    .send({});
  expect(res.status).toBe(202);
  const tasks = service.dispatcher.take();
  expect(tasks.map((t) => t.runId)).toEqual([res.body.run_id]);
  return tasks[0] as RecordedTask;
}
