import { tenantProfilesProjection } from '../../../src/projections/tables/tenant-profiles.projection';
import { assertBatchInvariant, assertPrefixInvariant, onlyRow } from './support/projection-spec';
import { tenantLife } from './tenant-scenario';

describe('tenant_profiles projection', () => {
  const { events } = tenantLife('acme');
  const at = (revision: number) => onlyRow(tenantProfilesProjection, events.slice(0, revision));

  it('accepts tenant streams only', () => {
    expect(tenantProfilesProjection.accepts('tenant-acme')).toBe(true);
    expect(tenantProfilesProjection.accepts('run-acme--x--y')).toBe(false);
    expect(tenantProfilesProjection.accepts('system')).toBe(false);
  });

  it('given an onboarding, the profile is PROVISIONING on the starter plan until provisioned', () => {
    expect(at(1)).toEqual({
      tenant_id: 'acme',
      company_name: 'Acme Corp',
      contact_email: 'ops@acme.test',
      status: 'PROVISIONING',
      plan: 'STARTER',
      dataset_id: 'acme',
      billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'],
      timezone: 'Europe/Paris',
      created_at: '2026-03-02T09:00:00.000Z',
      suspended_at: null,
      offboarded_at: null,
      source_revision: 1,
      source_stream_id: 'tenant-acme',
      source_event_id: 'tenant-acme#1',
      updated_at: '2026-03-02T09:00:00.000Z',
    });
    expect(at(3)).toMatchObject({ status: 'ACTIVE', source_revision: 3 });
  });

  it('an event that does not change the profile (a key issued) leaves its version where it was', () => {
    expect(at(4)).toMatchObject({ status: 'ACTIVE', source_revision: 3, source_event_id: 'tenant-acme#3' });
  });

  it('follows the plan, a suspension and the reactivation that clears it', () => {
    expect(at(5)).toMatchObject({ plan: 'PROFESSIONAL', source_revision: 5 });
    expect(at(12)).toMatchObject({
      status: 'SUSPENDED',
      suspended_at: '2026-03-07T00:00:00.000Z',
      source_revision: 12,
    });
    expect(at(13)).toMatchObject({ status: 'ACTIVE', suspended_at: null, source_revision: 13 });
  });

  it('ends OFFBOARDED with the offboarding time', () => {
    expect(onlyRow(tenantProfilesProjection, events)).toMatchObject({
      status: 'OFFBOARDED',
      offboarded_at: '2026-03-10T00:00:00.000Z',
      source_revision: 16,
    });
  });

  it('rows of any prefix, filtered by revision, are the rows a longer prefix ends with; batches merge to the whole fold', () => {
    assertPrefixInvariant(tenantProfilesProjection, events);
    assertBatchInvariant(tenantProfilesProjection, events);
  });
});
