import { replayDependenciesOf } from '../../src/app/replay/replay-dependencies-of';
import { LIVE_SET, shadowSet } from '../../src/projections/projection-set';
import { PromoteBlocked, promoteShadow } from '../../src/projections/replay/promote-shadow';
import { runReplay } from '../../src/projections/replay/run-replay';
import { acquireLease, readCheckpoints, releaseLease } from '../../src/projections/runtime/partition-lease';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard } from '../runs/support';

/**
 * Promotion under contention: while another owner holds a live partition it promotes nothing and says which
 * partition blocked it; while the live projector runs beside it, no event is lost or projected twice.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrapAndOnboard(service, [{ tenantId: 'promote_a', plan: 'STARTER' }]);
  const caughtUp = await service.ctx.projections.live.catchUpAll();
  expect(caughtUp.filter((outcome) => outcome.status !== 'done')).toEqual([]);
});
afterAll(async () => {
  await service?.stop();
});

const rowsOf = async (sql: string) => (await service.ctx.warehouse.runQuery(sql)).rows;
const companyOf = async (dataset: string) =>
  (await rowsOf(`SELECT company_name FROM \`${dataset}.tenant_profiles\` WHERE tenant_id = 'promote_a'`))[0]
    ?.company_name;
const rebuild = async (replayId: string) => {
  const record = await runReplay(replayDependenciesOf(service.ctx), {
    replayId,
    verify: false,
    promote: false,
    requestedBy: 'test',
  });
  expect({ status: record.status, error: record.error }).toEqual({ status: 'succeeded', error: null });
};
const clock = { now: () => new Date(), leaseMs: 60_000 };

describe('given a rebuilt shadow set and a live partition held by another owner', () => {
  it('refuses with PromoteBlocked naming the partition, changes no live row or checkpoint, and holds nothing', async () => {
    await rebuild('blocked');
    await rowsOf("UPDATE `tenants.tenant_profiles` SET company_name = 'tampered' WHERE tenant_id = 'promote_a'");
    const partitions = service.ctx.projections.store.partitions;
    const checkpointsBefore = await readCheckpoints(service.ctx.db, LIVE_SET, partitions);
    const held = await acquireLease(service.ctx.db, LIVE_SET, 1, 'someone-else', clock);
    expect(held).toBeDefined();
    try {
      const promoting = promoteShadow(replayDependenciesOf(service.ctx), shadowSet('blocked'), { waitMs: 0 });
      await expect(promoting).rejects.toThrow(PromoteBlocked);
      await expect(promoting).rejects.toMatchObject({ code: 'PROMOTE_BLOCKED', partition: 1 });
    } finally {
      if (held) await releaseLease(service.ctx.db, held);
    }
    expect(await companyOf(LIVE_SET.dataset)).toBe('tampered');
    expect(await readCheckpoints(service.ctx.db, LIVE_SET, partitions)).toEqual(checkpointsBefore);
    // The partitions it had taken before the blocked one were given back: a third owner gets partition 0.
    const next = await acquireLease(service.ctx.db, LIVE_SET, 0, 'third-owner', clock);
    expect(next).toBeDefined();
    if (next) await releaseLease(service.ctx.db, next);
  });
});

describe('given events appended after the shadow set was rebuilt', () => {
  it('promoting while the live projector catches up loses none of them and projects none twice', async () => {
    await rebuild('moving');
    await bootstrapAndOnboard(service, [{ tenantId: 'promote_b', plan: 'STARTER' }]);
    const live = service.ctx.projections.live;
    const [outcomes] = await Promise.all([
      live.catchUpAll(),
      promoteShadow(replayDependenciesOf(service.ctx), shadowSet('moving')),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'failed')).toEqual([]);
    // Whatever order they ran in, a catch-up after both leaves the live log equal to the stored one, once each.
    expect((await live.catchUpAll()).filter((outcome) => outcome.status !== 'done')).toEqual([]);
    let stored = 0;
    for (const tenant of ['_system', 'promote_a', 'promote_b'])
      for await (const _ of service.ctx.store.readTenant(tenant)) stored += 1;
    const [counts] = await rowsOf(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS distinct_n FROM `tenants.tenant_event_log`',
    );
    expect({ rows: Number(counts?.n), distinct: Number(counts?.distinct_n) }).toEqual({
      rows: stored,
      distinct: stored,
    });
  });
});
