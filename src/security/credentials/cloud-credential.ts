import * as t from 'io-ts';
import { CloudProvider } from '../../domain/tenant/events';
import { AwsAccessKey } from './aws-access-key';
import { AzureClientSecret } from './azure-client-secret';
import { GcpServiceAccountKey } from './gcp-service-account-key';

/** The providers the domain knows (`CredentialStored.provider`). */
export { CloudProvider };

export const CREDENTIAL_CODECS = { gcp: GcpServiceAccountKey, aws: AwsAccessKey, azure: AzureClientSecret } as const;

export interface CredentialByProvider {
  readonly gcp: GcpServiceAccountKey;
  readonly aws: AwsAccessKey;
  readonly azure: AzureClientSecret;
}

/** A validated credential with its provider: what gets encrypted as one secret. */
export const CloudCredential = t.union(
  [
    t.type({ provider: t.literal('gcp'), credential: GcpServiceAccountKey }),
    t.type({ provider: t.literal('aws'), credential: AwsAccessKey }),
    t.type({ provider: t.literal('azure'), credential: AzureClientSecret }),
  ],
  'CloudCredential',
);
export type CloudCredential = t.TypeOf<typeof CloudCredential>;

/** Field names whose values are secret, per provider: never in metadata, logs or errors. */
export const SECRET_CREDENTIAL_FIELDS = ['private_key', 'secret_access_key', 'session_token', 'client_secret'] as const;
