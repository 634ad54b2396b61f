import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

/** Metadata only: the credential material stays envelope-encrypted in the event log and never reaches BigQuery. */
export const tenantCloudCredentials: TableDefinition = {
  name: 'tenant_cloud_credentials',
  description: 'One row per registered cloud credential: metadata only (provider, identity, status, validation) — never secret material.',
  columns: [
    tenantIdColumn,
    required('credential_id', 'STRING', 'Identifier of the credential.'),
    required('provider', 'STRING', 'Cloud provider, e.g. `gcp`.'),
    required('credential_type', 'STRING', 'service_account_key | workload_identity | impersonation.'),
    nullable('principal', 'STRING', 'Identity the credential acts as (e.g. service account email).'),
    nullable('gcp_project_id', 'STRING', 'Project the credential belongs to.'),
    nullable('key_fingerprint', 'STRING', 'Non-reversible fingerprint of the stored ciphertext, to tell rotations apart.'),
    required('status', 'STRING', 'ACTIVE | ROTATED | REVOKED | DESTROYED (data key shredded at offboarding).'),
    nullable('validation_status', 'STRING', 'Outcome of the last validation: VALID | INVALID | UNKNOWN.'),
    nullable('last_validated_at', 'TIMESTAMP', 'When the credential was last validated.'),
    required('created_at', 'TIMESTAMP', 'When the credential was registered. Partition column.'),
    nullable('rotated_at', 'TIMESTAMP', 'When it was last rotated.'),
    nullable('revoked_at', 'TIMESTAMP', 'When it was revoked or destroyed.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'status'],
  keyColumns: ['tenant_id', 'credential_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
