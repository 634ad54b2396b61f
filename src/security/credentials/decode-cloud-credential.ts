import * as E from 'fp-ts/Either';
import { type CloudCredential, type CloudProvider, CREDENTIAL_CODECS } from './cloud-credential';
import { describeCredentialErrors } from './describe-credential-errors';
import { InvalidCredential } from './errors';

/**
 * Validates a submitted credential for its provider. A GCP key may arrive as the key file's text or as the
 * parsed object. Errors list paths only: nothing submitted is echoed.
 */
export function decodeCloudCredential(
  provider: CloudProvider,
  raw: unknown,
): E.Either<InvalidCredential, CloudCredential> {
  let input = raw;
  if (typeof raw === 'string') {
    try {
      input = JSON.parse(raw);
    } catch {
      return E.left(new InvalidCredential(provider, ['(root): expected a JSON object (the text is not valid JSON)']));
    }
  }
  const decoded = CREDENTIAL_CODECS[provider].decode(input);
  if (E.isLeft(decoded)) return E.left(new InvalidCredential(provider, describeCredentialErrors(decoded.left)));
  return E.right({ provider, credential: decoded.right } as CloudCredential);
}
