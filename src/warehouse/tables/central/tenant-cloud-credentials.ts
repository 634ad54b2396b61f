import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

/**
 * Metadata only: the credential material stays envelope-encrypted in the event log and never reaches BigQuery
 * (not even its ciphertext). Every value here comes from the allow-listed metadata recorded with the credential.
 */
export const tenantCloudCredentials: TableDefinition = {
  name: 'tenant_cloud_credentials',
  description:
    'One row per registered cloud credential: metadata only (provider, identity, status) — never secret material.',
  columns: [
    tenantIdColumn,
    required('credential_id', 'STRING', 'Identifier of the credential.'),
    required('provider', 'STRING', 'Cloud provider: gcp | aws | azure.'),
    required('name', 'STRING', 'Human label given when the credential was stored.'),
    required('credential_type', 'STRING', 'service_account_key (gcp) | access_key (aws) | client_secret (azure).'),
    nullable(
      'principal',
      'STRING',
      'Identity the credential acts as: the service account email (gcp) or the client id (azure).',
    ),
    nullable('gcp_project_id', 'STRING', 'Project a GCP service account key belongs to.'),
    nullable(
      'key_id',
      'STRING',
      'Non-secret identifier of the key material, to tell keys apart: the private_key_id (gcp) or the masked access key id (aws).',
    ),
    nullable('metadata', 'JSON', 'The allow-listed metadata recorded with the credential (never secret fields).'),
    required('status', 'STRING', 'ACTIVE | DELETED | DESTROYED (its data key shredded at offboarding).'),
    required('created_at', 'TIMESTAMP', 'When the credential was stored. Partition column.'),
    nullable('deleted_at', 'TIMESTAMP', 'When it was deleted, or its data key destroyed.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'status'],
  keyColumns: ['tenant_id', 'credential_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
