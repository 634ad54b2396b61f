import request from 'supertest';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, deliver, requestManualRun, runEvents } from './support';

/**
 * A run queued while its tenant was active, delivered after the tenant was suspended or offboarded: through the
 * service's execute route (not the pure decider alone), it is rejected, runs no step and counts no usage.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const PIPELINE = 'demo/health/warehouse_check';

describe.each([
  ['suspended', 'SUSPENDED', (tenantId: string) => request(service.app).post(`/api/v1/tenants/${tenantId}/suspend`)],
  ['offboarded', 'DELETED', (tenantId: string) => request(service.app).delete(`/api/v1/tenants/${tenantId}`)],
])('given a queued run whose tenant was then %s', (state, status, deactivate) => {
  const tenantId = `inactive_${state}`;
  let task: { runId: string; tenantId: string };
  beforeAll(async () => {
    service.setNow(new Date('2026-04-01T10:00:00Z'));
    await bootstrapAndOnboard(service, [{ tenantId, plan: 'PROFESSIONAL' }]);
    task = await requestManualRun(service, tenantId, PIPELINE);
    service.setNow(new Date('2026-04-01T10:01:00Z'));
    expect((await deactivate(tenantId).set(admin(service)).send({ reason: 'test' })).status).toBe(200);
  });

  it('delivering it rejects the run with TENANT_NOT_ACTIVE, runs no step and counts no usage', async () => {
    service.setNow(new Date('2026-04-01T10:02:00Z'));
    const delivered = await deliver(service, task);
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('rejected');
    const events = await runEvents(service, task.runId);
    expect(events.map((event) => event.type)).toEqual(['RunRequested', 'RunQueued', 'RunRejected']);
    expect(events.at(-1)?.data).toEqual({
      code: 'TENANT_NOT_ACTIVE',
      message: `The tenant is ${status}`,
      rejectedAt: '2026-04-01T10:02:00.000Z',
    });
    expect((await service.ctx.db.doc(`usage_daily/${tenantId}__2026-04-01`).get()).exists).toBe(false);
    expect(service.dispatcher.take()).toEqual([]);
  });
});
