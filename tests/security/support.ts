import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** A fresh local KEK (base64 of 32 bytes), as CONVERGENCE_KEK would hold it. */
export function randomKekBase64(): string {
  return randomBytes(32).toString('base64');
}

let cachedPem: string | undefined;

/** A real PKCS#8 RSA private key, generated once per test file (no key material is checked in). */
export function testPrivateKeyPem(): string {
  cachedPem ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return cachedPem;
}

export function gcpServiceAccountJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'service_account',
    project_id: 'acme-billing-prod',
    private_key_id: '0123456789abcdef0123456789abcdef01234567',
    private_key: testPrivateKeyPem(),
    client_email: 'cost-export@acme-billing-prod.iam.gserviceaccount.com',
    client_id: '112233445566778899001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url:
      'https://www.googleapis.com/robot/v1/metadata/x509/cost-export%40acme-billing-prod.iam.gserviceaccount.com',
    universe_domain: 'googleapis.com',
    ...overrides,
  };
}

/** The secret is AWS's documented example value, never a real key. */
export function awsAccessKeyJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_key_id: 'AKIAIOSFODNN7EXAMPLE',
    secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
    ...overrides,
  };
}

export function azureClientSecretJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    client_id: '1b4d5f0e-9a0c-4c8e-8d3a-5f1e2b3c4d5e',
    client_secret: 'Xy8Q~abcdefghijklmnopqrstuvwxyz0123456789',
    subscription_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    ...overrides,
  };
}
