import type { AwsAccessKey } from './aws-access-key';
import type { AzureClientSecret } from './azure-client-secret';
import type { CloudProvider, CredentialByProvider } from './cloud-credential';
import type { GcpServiceAccountKey } from './gcp-service-account-key';

/**
 * Metadata values are all strings, so they fit `CredentialStored.metadata` (a string record) as they are; the
 * provider is recorded next to them, not inside.
 */
export interface GcpCredentialMetadata {
  readonly project_id: string;
  readonly client_email: string;
  readonly private_key_id: string;
  readonly client_id: string;
}

export interface AwsCredentialMetadata {
  /** `AKIA************WXYZ`: the kind of key (long-term or temporary) and its last 4, enough to recognise it. */
  readonly access_key_id: string;
  /** Absent rather than undefined: Firestore refuses undefined values. */
  readonly region?: string;
}

export interface AzureCredentialMetadata {
  readonly tenant_id: string;
  readonly client_id: string;
  readonly subscription_id: string;
}

export interface CredentialMetadataByProvider {
  readonly gcp: GcpCredentialMetadata;
  readonly aws: AwsCredentialMetadata;
  readonly azure: AzureCredentialMetadata;
}

export type CredentialMetadata = CredentialMetadataByProvider[CloudProvider];

/**
 * What may be shown, logged and put in events about a credential. Fields are picked one by one (an allowlist,
 * never a spread), so a field added to a credential shape stays out until someone decides it is not secret.
 */
export function credentialMetadata<P extends CloudProvider>(
  provider: P,
  decoded: CredentialByProvider[P],
): CredentialMetadataByProvider[P] {
  const metadata: CredentialMetadata =
    provider === 'gcp'
      ? gcpMetadata(decoded as GcpServiceAccountKey)
      : provider === 'aws'
        ? awsMetadata(decoded as AwsAccessKey)
        : azureMetadata(decoded as AzureClientSecret);
  return metadata as CredentialMetadataByProvider[P];
}

function gcpMetadata(key: GcpServiceAccountKey): GcpCredentialMetadata {
  return {
    project_id: key.project_id,
    client_email: key.client_email,
    private_key_id: key.private_key_id,
    client_id: key.client_id,
  };
}

function awsMetadata(key: AwsAccessKey): AwsCredentialMetadata {
  const masked = { access_key_id: maskAccessKeyId(key.access_key_id) };
  return key.region === undefined ? masked : { ...masked, region: key.region };
}

function azureMetadata(secret: AzureClientSecret): AzureCredentialMetadata {
  return { tenant_id: secret.tenant_id, client_id: secret.client_id, subscription_id: secret.subscription_id };
}

export function maskAccessKeyId(accessKeyId: string): string {
  return `${accessKeyId.slice(0, 4)}${'*'.repeat(Math.max(0, accessKeyId.length - 8))}${accessKeyId.slice(-4)}`;
}
