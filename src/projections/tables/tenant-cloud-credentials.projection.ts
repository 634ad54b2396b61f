import type { CloudProvider } from '../../domain/tenant/events';
import type { RecordedEvent } from '../../eventstore';
import { redactSecrets } from '../../security';
import type { Row } from '../../warehouse/warehouse';
import { tenantCloudCredentials } from '../../warehouse/tables/central/tenant-cloud-credentials';
import type { StreamProjection } from '../projection';
import { isTenantStream, nullableTimestamp, tenantEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

/** What is kept of a stored credential: never its `encrypted` envelope (ciphertext, iv, tag, key version). */
interface CredentialState {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly provider: CloudProvider;
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly storedAt: string;
  readonly status: 'ACTIVE' | 'DELETED' | 'DESTROYED';
  readonly deletedAt: string | null;
}

type Credentials = ReadonlyMap<string, CredentialState>;

const CREDENTIAL_TYPE: Readonly<Record<CloudProvider, string>> = {
  gcp: 'service_account_key',
  aws: 'access_key',
  azure: 'client_secret',
};

function evolve(credentials: Credentials, recorded: RecordedEvent): Credentials {
  const event = tenantEventOf(recorded);
  switch (event?.type) {
    case 'CredentialStored': {
      const { credentialId, provider, name, metadata, storedAt } = event.data;
      return new Map(credentials).set(credentialId, {
        tenantId: recorded.tenantId,
        credentialId,
        provider,
        name,
        metadata,
        storedAt,
        status: 'ACTIVE',
        deletedAt: null,
      });
    }
    case 'CredentialDeleted': {
      const credential = credentials.get(event.data.credentialId);
      if (!credential || credential.status !== 'ACTIVE') return credentials;
      return new Map(credentials).set(credential.credentialId, {
        ...credential,
        status: 'DELETED',
        deletedAt: event.data.deletedAt,
      });
    }
    case 'CredentialDataKeyDestroyed': {
      // Offboarding shreds the tenant's data key: every credential still stored becomes unreadable.
      const next = new Map(credentials);
      for (const credential of credentials.values()) {
        if (credential.status === 'ACTIVE')
          next.set(credential.credentialId, { ...credential, status: 'DESTROYED', deletedAt: event.data.destroyedAt });
      }
      return next;
    }
    default:
      return credentials;
  }
}

const field = (metadata: Readonly<Record<string, string>>, name: string): string | null => metadata[name] ?? null;

function* view(credentials: Credentials): Iterable<readonly [string, Row]> {
  for (const c of credentials.values()) {
    const m = c.metadata;
    yield [
      c.credentialId,
      {
        tenant_id: c.tenantId,
        credential_id: c.credentialId,
        provider: c.provider,
        name: c.name,
        credential_type: CREDENTIAL_TYPE[c.provider],
        principal:
          c.provider === 'gcp' ? field(m, 'client_email') : c.provider === 'azure' ? field(m, 'client_id') : null,
        gcp_project_id: c.provider === 'gcp' ? field(m, 'project_id') : null,
        key_id:
          c.provider === 'gcp' ? field(m, 'private_key_id') : c.provider === 'aws' ? field(m, 'access_key_id') : null,
        // Allow-listed when recorded; masked again here, so a field that slipped into metadata stays out.
        metadata: redactSecrets(m),
        status: c.status,
        created_at: timestamp(c.storedAt),
        deleted_at: nullableTimestamp(c.deletedAt),
      },
    ];
  }
}

/** tenant_cloud_credentials: one row per stored credential, metadata only. */
export const tenantCloudCredentialsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantCloudCredentials,
  accepts: isTenantStream,
  rows: (events) => foldRows<Credentials>(events, new Map(), evolve, view),
};
