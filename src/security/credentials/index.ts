export { AwsAccessKey } from './aws-access-key';
export { AzureClientSecret } from './azure-client-secret';
export {
  CloudCredential,
  CloudProvider,
  SECRET_CREDENTIAL_FIELDS,
  type CredentialByProvider,
} from './cloud-credential';
export {
  credentialMetadata,
  maskAccessKeyId,
  type AwsCredentialMetadata,
  type AzureCredentialMetadata,
  type CredentialMetadata,
  type CredentialMetadataByProvider,
  type GcpCredentialMetadata,
} from './credential-metadata';
export { decodeCloudCredential } from './decode-cloud-credential';
export { decryptCredential } from './decrypt-credential';
export { describeCredentialErrors } from './describe-credential-errors';
export { encryptCredential } from './encrypt-credential';
export { InvalidCredential } from './errors';
export { GcpServiceAccountKey } from './gcp-service-account-key';
