import { randomBytes } from 'node:crypto';
import { notFound } from './errors';
import { parseDecryptName } from './resource-names';

/** One symmetric CryptoKey: a single version (1, the primary) whose AES-256 secret lives in memory only. */
export interface StoredCryptoKey {
  readonly name: string;
  readonly primaryVersion: number;
  readonly versions: ReadonlyMap<number, Buffer>;
}

/**
 * The CryptoKeys the stand-in knows. With a list (strict), any other key is NOT_FOUND, as KMS answers for a key
 * Terraform did not create; without one, any well-formed CryptoKey name is created on first use.
 */
export class KeyStore {
  private readonly keys = new Map<string, StoredCryptoKey>();

  constructor(
    private readonly strict: boolean,
    names: readonly string[] = [],
  ) {
    for (const name of names) this.create(parseDecryptName(name));
  }

  get(name: string): StoredCryptoKey {
    const known = this.keys.get(name);
    if (known) return known;
    if (this.strict) throw notFound(`Resource '${name}' was not found`);
    return this.create(name);
  }

  private create(name: string): StoredCryptoKey {
    const key = { name, primaryVersion: 1, versions: new Map([[1, randomBytes(32)]]) };
    this.keys.set(name, key);
    return key;
  }
}
