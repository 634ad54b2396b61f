import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';

/** The secrets a local start needs; generated once and kept (mode 0600) in the git-ignored data directory. */
export const LocalSecrets = t.type({
  adminKey: t.string,
  apiKeyPepper: t.string,
  kek: t.string,
  serviceToken: t.string,
});
export type LocalSecrets = t.TypeOf<typeof LocalSecrets>;

export const LOCAL_SECRETS_FILE = 'local-secrets.json';

export function generateLocalSecrets(): LocalSecrets {
  return {
    adminKey: `cvg_admin_${randomBytes(24).toString('base64url')}`,
    apiKeyPepper: randomBytes(32).toString('base64url'),
    kek: randomBytes(32).toString('base64'),
    serviceToken: `cvg_svc_${randomBytes(32).toString('base64url')}`,
  };
}

/** Reads the kept secrets, or generates and keeps them. `created` says which happened (the start then prints the admin key). */
export function loadOrCreateLocalSecrets(dataDir: string): { secrets: LocalSecrets; created: boolean; file: string } {
  const file = join(dataDir, LOCAL_SECRETS_FILE);
  if (existsSync(file)) {
    const decoded = LocalSecrets.decode(JSON.parse(readFileSync(file, 'utf8')));
    if (E.isRight(decoded)) return { secrets: decoded.right, created: false, file };
    throw new Error(
      `${file} is not a valid local secrets file: delete it to generate new secrets (existing API keys and credentials will stop working)`,
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets = generateLocalSecrets();
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secrets, created: true, file };
}
