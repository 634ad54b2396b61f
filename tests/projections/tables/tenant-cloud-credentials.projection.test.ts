import { tenantCloudCredentialsProjection } from '../../../src/projections/tables/tenant-cloud-credentials.projection';
import { allText, assertBatchInvariant, assertPrefixInvariant, rowsByKey } from './support/projection-spec';
import { tenantLife } from './tenant-scenario';

describe('tenant_cloud_credentials projection', () => {
  const { events } = tenantLife('acme');

  it('given a GCP key stored, its metadata: type, principal, project and key id', () => {
    expect(rowsByKey(tenantCloudCredentialsProjection, events.slice(0, 6)).get('acme\u0000cred_1')).toEqual({
      tenant_id: 'acme',
      credential_id: 'cred_1',
      provider: 'gcp',
      name: 'billing reader',
      credential_type: 'service_account_key',
      principal: 'reader@acme-prod.iam.gserviceaccount.com',
      gcp_project_id: 'acme-prod',
      key_id: 'pkid-123',
      metadata: {
        project_id: 'acme-prod',
        client_email: 'reader@acme-prod.iam.gserviceaccount.com',
        private_key_id: 'pkid-123',
        client_id: '1234567890',
      },
      status: 'ACTIVE',
      created_at: '2026-03-04T13:00:00.000Z',
      deleted_at: null,
      source_revision: 6,
      source_stream_id: 'tenant-acme',
      source_event_id: 'tenant-acme#6',
      updated_at: '2026-03-02T09:00:05.000Z',
    });
  });

  it('an AWS key is an access_key known by its masked id; deleting it marks it DELETED', () => {
    const rows = rowsByKey(tenantCloudCredentialsProjection, events.slice(0, 10));
    expect(rows.get('acme\u0000cred_2')).toMatchObject({
      credential_type: 'access_key',
      principal: null,
      gcp_project_id: null,
      key_id: 'AKIA************WXYZ',
      status: 'DELETED',
      deleted_at: '2026-03-05T10:00:00.000Z',
      source_revision: 10,
    });
  });

  it('destroying the data key at offboarding makes the stored credentials DESTROYED, not the deleted one', () => {
    const rows = rowsByKey(tenantCloudCredentialsProjection, events);
    expect(rows.get('acme\u0000cred_1')).toMatchObject({
      status: 'DESTROYED',
      deleted_at: '2026-03-10T00:00:00.000Z',
      source_revision: 17,
    });
    expect(rows.get('acme\u0000cred_2')).toMatchObject({ status: 'DELETED', source_revision: 10 });
  });

  it('never carries the encrypted envelope: no ciphertext, iv, tag or key version in any row', () => {
    for (let revision = 1; revision <= events.length; revision += 1) {
      const text = allText(rowsByKey(tenantCloudCredentialsProjection, events.slice(0, revision)).values());
      expect(text).not.toMatch(/SECRET-|ciphertext|keyVersion|"iv"|"tag"/);
    }
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantCloudCredentialsProjection, events);
    assertBatchInvariant(tenantCloudCredentialsProjection, events);
  });
});
