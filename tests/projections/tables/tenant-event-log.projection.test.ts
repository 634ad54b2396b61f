import { tenantEventLogProjection } from '../../../src/projections/tables/tenant-event-log.projection';
import { assertBatchInvariant, rowsByKey } from './support/projection-spec';
import { requested, runStream, streamBuilder } from './support/recorded-events';
import { tenantLife } from './tenant-scenario';

describe('tenant_event_log projection', () => {
  const { events } = tenantLife('acme');

  it('accepts every stream, the system stream included', () => {
    for (const id of ['tenant-acme', 'run-acme--manual--x', 'usage-acme-2026-03', 'system'])
      expect(tenantEventLogProjection.accepts(id)).toBe(true);
  });

  it('one row per event with its ids, times, meta and hash chain; the revision is the version', () => {
    const rows = rowsByKey(tenantEventLogProjection, events);
    expect(rows.size).toBe(events.length);
    expect(rows.get('acme\u0000tenant-acme\u00004')).toEqual({
      tenant_id: 'acme',
      stream_id: 'tenant-acme',
      revision: 4,
      event_id: 'tenant-acme#4',
      event_type: 'ApiKeyIssued',
      schema_version: 1,
      partition: 3,
      recorded_at: '2026-03-02T09:00:03.000Z',
      occurred_at: '2026-03-02T09:00:03.000Z',
      correlation_id: 'corr-tenant-acme',
      causation_id: null,
      actor: 'alice',
      prev_hash: 'hash-3',
      hash: 'hash-4',
      data: {
        keyId: 'k2',
        name: 'ci',
        keyHash: 'b'.repeat(64),
        scopes: ['pipelines:read'],
        expiresAt: '2026-06-01T00:00:00.000Z',
        issuedAt: '2026-03-03T08:00:00.000Z',
      },
    });
  });

  it('strips the credential envelope and masks secrets a payload let slip; metadata and key hashes stay', () => {
    const rows = rowsByKey(tenantEventLogProjection, events);
    expect(rows.get('acme\u0000tenant-acme\u00006')?.data).toEqual({
      credentialId: 'cred_1',
      provider: 'gcp',
      name: 'billing reader',
      metadata: {
        project_id: 'acme-prod',
        client_email: 'reader@acme-prod.iam.gserviceaccount.com',
        private_key_id: 'pkid-123',
        client_id: '1234567890',
      },
      storedAt: '2026-03-04T13:00:00.000Z',
    });
    expect(JSON.stringify([...rows.values()])).not.toMatch(/SECRET-|ciphertext/);

    const run = runStream('acme--manual--x', 'acme');
    run.add('RunRequested', {
      ...requested('acme--manual--x', 'acme', { trigger: 'manual', configId: null }),
      parameters: { password: 'hunter2', note: 'Bearer abc.def' },
    });
    const data = rowsByKey(tenantEventLogProjection, run.events).get('acme\u0000run-acme--manual--x\u00001')?.data as {
      parameters: unknown;
    };
    expect(data.parameters).toEqual({ password: '[redacted]', note: 'Bearer [redacted]' });
  });

  it('projects system events under the `_system` tenant', () => {
    const system = streamBuilder('system', '_system');
    system.add('SystemBootstrapped', {
      partitions: 16,
      schemaVersion: 1,
      dataset: 'tenants',
      created: ['tenant_profiles'],
      existing: [],
      bootstrappedAt: '2026-03-01T00:00:00.000Z',
    });
    expect([...rowsByKey(tenantEventLogProjection, system.events).values()]).toEqual([
      expect.objectContaining({
        tenant_id: '_system',
        stream_id: 'system',
        revision: 1,
        event_type: 'SystemBootstrapped',
        prev_hash: '0'.repeat(64),
      }),
    ]);
  });

  it('batch invariant', () => {
    assertBatchInvariant(tenantEventLogProjection, events);
  });
});
