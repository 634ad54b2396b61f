import { startTestService, type TestService } from '../../support/service';
import { until } from '../../support/until';
import { bootstrapAndOnboard } from '../../runs/support';

/**
 * The projector's periodic catch-up, through the live projector of the service: events whose doorbell never rang
 * (nothing here delivers Eventarc) reach the warehouse by the periodic pass alone, and stop() waits for a pass
 * in flight before it returns.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const projectedEventsOf = async (tenantId: string) => {
  const sql = `SELECT COUNT(*) AS n FROM \`tenants.tenant_event_log\` WHERE tenant_id = '${tenantId}'`;
  const [row] = (await service.ctx.warehouse.runQuery(sql)).rows;
  return Number(row?.n ?? 0);
};

const storedEventsOf = async (tenantId: string) => {
  let stored = 0;
  for await (const _ of service.ctx.store.readTenant(tenantId)) stored += 1;
  return stored;
};

describe('given a tenant onboarded and no doorbell rung', () => {
  beforeAll(async () => {
    await bootstrapAndOnboard(service, [{ tenantId: 'periodic_co', plan: 'STARTER' }]);
  });

  it('nothing of it is projected until the periodic catch-up runs, which then projects all of it', async () => {
    const stored = await storedEventsOf('periodic_co');
    expect(stored).toBeGreaterThan(0);
    expect(await projectedEventsOf('periodic_co')).toBe(0);
    service.ctx.projections.live.startPeriodic(10);
    try {
      await until(async () => (await projectedEventsOf('periodic_co')) === stored, {
        what: `the periodic catch-up to project ${stored} events of periodic_co`,
        timeoutMs: 30_000,
      });
    } finally {
      await service.ctx.projections.live.stop();
    }
    // stop() returned after the pass in flight: nothing is half-projected, and nothing is projected twice.
    expect(await projectedEventsOf('periodic_co')).toBe(stored);
  });
});
