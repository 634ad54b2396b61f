import { createPrivateKey } from 'node:crypto';
import * as t from 'io-ts';

/** PKCS#8 as Google issues it (older tools wrote PKCS#1 `RSA PRIVATE KEY`); bounded, then parsed for real. */
const PEM = /^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (RSA )?PRIVATE KEY-----\r?\n?$/;
const MAX_PEM_LENGTH = 16_384;

export function isPemPrivateKey(text: string): boolean {
  if (text.length > MAX_PEM_LENGTH || !PEM.test(text)) return false;
  try {
    createPrivateKey(text);
    return true;
  } catch {
    return false;
  }
}

const PemPrivateKey = t.refinement(t.string, isPemPrivateKey, 'PEM private key');
const ProjectId = t.refinement(
  t.string,
  (s) => /^([a-z0-9.-]{1,63}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(s),
  'GCP project id',
);
const PrivateKeyId = t.refinement(t.string, (s) => /^[0-9a-f]{40}$/.test(s), '40 hex characters');
const ServiceAccountEmail = t.refinement(
  t.string,
  (s) => /^[a-z0-9-]{1,64}@[a-z0-9.-]{1,253}\.gserviceaccount\.com$/.test(s),
  'service-account email',
);
const NumericClientId = t.refinement(t.string, (s) => /^\d{10,30}$/.test(s), 'numeric client id');
/** Only Google's token endpoints: the service must never be steered into posting signed assertions elsewhere. */
const GoogleTokenUri = t.keyof(
  { 'https://oauth2.googleapis.com/token': null, 'https://accounts.google.com/o/oauth2/token': null },
  'Google token URI',
);
const HttpsUrl = t.refinement(t.string, (s) => s.length <= 2048 && /^https:\/\/[^\s]+$/.test(s), 'https URL');
const UniverseDomain = t.refinement(t.string, (s) => /^[a-z0-9.-]{1,253}$/.test(s), 'universe domain');

/** A service-account key file (`gcloud iam service-accounts keys create`). Unknown fields are dropped. */
export const GcpServiceAccountKey = t.exact(
  t.intersection([
    t.type({
      type: t.literal('service_account'),
      project_id: ProjectId,
      private_key_id: PrivateKeyId,
      private_key: PemPrivateKey,
      client_email: ServiceAccountEmail,
      client_id: NumericClientId,
      token_uri: GoogleTokenUri,
    }),
    t.partial({
      auth_uri: HttpsUrl,
      auth_provider_x509_cert_url: HttpsUrl,
      client_x509_cert_url: HttpsUrl,
      universe_domain: UniverseDomain,
    }),
  ]),
  'GcpServiceAccountKey',
);
export type GcpServiceAccountKey = t.TypeOf<typeof GcpServiceAccountKey>;
