import { tenantSubscriptionsProjection } from '../../../src/projections/tables/tenant-subscriptions.projection';
import { assertBatchInvariant, assertPrefixInvariant, rowsByKey } from './support/projection-spec';
import { tenantLife } from './tenant-scenario';

describe('tenant_subscriptions projection', () => {
  const { events } = tenantLife('acme');

  it('given an onboarding, one ACTIVE period named by the onboarding revision, with the plan limits', () => {
    expect([...rowsByKey(tenantSubscriptionsProjection, events.slice(0, 1)).values()]).toEqual([
      {
        tenant_id: 'acme',
        subscription_id: 'acme-1',
        plan: 'STARTER',
        status: 'ACTIVE',
        daily_run_limit: 6,
        monthly_run_limit: 180,
        concurrent_run_limit: 1,
        started_at: '2026-03-02T09:00:00.000Z',
        ended_at: null,
        changed_by: 'admin',
        source_revision: 1,
        source_stream_id: 'tenant-acme',
        source_event_id: 'tenant-acme#1',
        updated_at: '2026-03-02T09:00:00.000Z',
      },
    ]);
  });

  it('a plan change ends the current period and starts the next in the same event', () => {
    const rows = rowsByKey(tenantSubscriptionsProjection, events.slice(0, 5));
    expect(rows.get('acme\u0000acme-1')).toMatchObject({
      status: 'ENDED',
      ended_at: '2026-03-04T12:00:00.000Z',
      source_revision: 5,
    });
    expect(rows.get('acme\u0000acme-5')).toMatchObject({
      plan: 'PROFESSIONAL',
      status: 'ACTIVE',
      daily_run_limit: 25,
      started_at: '2026-03-04T12:00:00.000Z',
      ended_at: null,
      source_revision: 5,
    });
  });

  it('offboarding cancels the current period and leaves the ended one as it was', () => {
    const rows = rowsByKey(tenantSubscriptionsProjection, events);
    expect(rows.get('acme\u0000acme-5')).toMatchObject({
      status: 'CANCELLED',
      ended_at: '2026-03-10T00:00:00.000Z',
      source_revision: 16,
    });
    expect(rows.get('acme\u0000acme-1')).toMatchObject({ status: 'ENDED', source_revision: 5 });
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantSubscriptionsProjection, events);
    assertBatchInvariant(tenantSubscriptionsProjection, events);
  });
});
