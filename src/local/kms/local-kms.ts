import { CIPHERTEXT_OVERHEAD_BYTES, claimedVersion, open, seal } from './ciphertext';
import { crc32c } from './crc32c';
import { decryptionFailed, invalidArgument, notFound } from './errors';
import type { KeyStore } from './key-store';
import { parseDecryptName, parseEncryptName, versionName } from './resource-names';
import type { DecryptRequest, EncryptRequest, Int64Value } from './wire-codecs';

/** Cloud KMS's limits for SOFTWARE keys. */
export const MAX_PLAINTEXT_BYTES = 64 * 1024;
export const MAX_AAD_BYTES = 64 * 1024;
const MAX_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + CIPHERTEXT_OVERHEAD_BYTES;

const EMPTY = Buffer.alloc(0);

/** A checksum the caller sent must match its data, as KMS checks; says whether one was sent. */
function verifyChecksum(data: Buffer, checksum: Int64Value | undefined, field: string, dataField: string): boolean {
  if (checksum === undefined) return false;
  if (String(checksum.value ?? 0) !== String(crc32c(data))) {
    throw invalidArgument(`The checksum in field ${field} did not match the data in field ${dataField}.`);
  }
  return true;
}

function checkSize(data: Buffer, max: number, field: string): void {
  if (data.length <= max) return;
  throw invalidArgument(`The ${field} must be no larger than ${max} bytes (got ${data.length}).`);
}

const required = (value: string | undefined, field: string): string => {
  if (!value) throw invalidArgument(`${field}: this field is required.`);
  return value;
};

/** Encrypt and Decrypt as Cloud KMS answers them, on the stand-in's in-memory keys. */
export class LocalKms {
  constructor(private readonly keys: KeyStore) {}

  encrypt(request: EncryptRequest) {
    const reference = parseEncryptName(required(request.name, 'name'));
    const plaintext = request.plaintext ?? EMPTY;
    const aad = request.additionalAuthenticatedData ?? EMPTY;
    if (plaintext.length === 0) throw invalidArgument('plaintext: this field is required.');
    checkSize(plaintext, MAX_PLAINTEXT_BYTES, 'plaintext');
    checkSize(aad, MAX_AAD_BYTES, 'additional_authenticated_data');
    const verifiedPlaintext = verifyChecksum(plaintext, request.plaintextCrc32c, 'plaintext_crc32c', 'plaintext');
    const verifiedAad = verifyChecksum(
      aad,
      request.additionalAuthenticatedDataCrc32c,
      'additional_authenticated_data_crc32c',
      'additional_authenticated_data',
    );
    const key = this.keys.get(reference.cryptoKey);
    const version = reference.version ?? key.primaryVersion;
    const secret = key.versions.get(version);
    if (!secret) throw notFound(`Resource '${versionName(key.name, version)}' was not found`);
    const ciphertext = seal(secret, version, plaintext, aad);
    return {
      name: versionName(key.name, version),
      ciphertext,
      ciphertextCrc32c: { value: String(crc32c(ciphertext)) },
      verifiedPlaintextCrc32c: verifiedPlaintext,
      verifiedAdditionalAuthenticatedDataCrc32c: verifiedAad,
      protectionLevel: 'SOFTWARE',
    };
  }

  decrypt(request: DecryptRequest) {
    const key = this.keys.get(parseDecryptName(required(request.name, 'name')));
    const ciphertext = request.ciphertext ?? EMPTY;
    const aad = request.additionalAuthenticatedData ?? EMPTY;
    if (ciphertext.length === 0) throw invalidArgument('ciphertext: this field is required.');
    checkSize(ciphertext, MAX_CIPHERTEXT_BYTES, 'ciphertext');
    checkSize(aad, MAX_AAD_BYTES, 'additional_authenticated_data');
    verifyChecksum(ciphertext, request.ciphertextCrc32c, 'ciphertext_crc32c', 'ciphertext');
    verifyChecksum(
      aad,
      request.additionalAuthenticatedDataCrc32c,
      'additional_authenticated_data_crc32c',
      'additional_authenticated_data',
    );
    const version = claimedVersion(ciphertext);
    const secret = version === undefined ? undefined : key.versions.get(version);
    if (!secret) throw decryptionFailed();
    const plaintext = open(secret, ciphertext, aad);
    return {
      plaintext,
      plaintextCrc32c: { value: String(crc32c(plaintext)) },
      usedPrimary: version === key.primaryVersion,
      protectionLevel: 'SOFTWARE',
    };
  }
}
