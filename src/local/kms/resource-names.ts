import { invalidArgument } from './errors';

const ID = '[A-Za-z0-9_-]{1,63}';
const CRYPTO_KEY_PATTERN = `projects/[^/]+/locations/[^/]+/keyRings/${ID}/cryptoKeys/${ID}`;
const CRYPTO_KEY = new RegExp(`^${CRYPTO_KEY_PATTERN}$`);
const CRYPTO_KEY_VERSION = new RegExp(`^(${CRYPTO_KEY_PATTERN})/cryptoKeyVersions/(\\d{1,9})$`);

/** The CryptoKey and, when the name is a CryptoKeyVersion, the version it names. */
export interface KeyReference {
  readonly cryptoKey: string;
  readonly version: number | undefined;
}

export const versionName = (cryptoKey: string, version: number) => `${cryptoKey}/cryptoKeyVersions/${version}`;

/** Encrypt takes a CryptoKey (its primary version is used) or a CryptoKeyVersion. */
export function parseEncryptName(name: string): KeyReference {
  if (CRYPTO_KEY.test(name)) return { cryptoKey: name, version: undefined };
  const version = CRYPTO_KEY_VERSION.exec(name);
  if (version) return { cryptoKey: version[1]!, version: Number(version[2]) };
  throw invalidArgument(`Resource name [${name}] does not match any known resource name pattern.`);
}

/** Decrypt takes a CryptoKey only: the ciphertext names the version. */
export function parseDecryptName(name: string): string {
  if (CRYPTO_KEY.test(name)) return name;
  throw invalidArgument(
    `Resource name [${name}] is not a CryptoKey name (projects/P/locations/L/keyRings/R/cryptoKeys/K).`,
  );
}
