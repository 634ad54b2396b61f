import * as E from 'fp-ts/Either';
import { domainError, type DomainError } from '../errors';
import { ownEntry } from '../own-entry';
import { activeApiKeyCount, TENANT_CAPS } from './caps';
import type { IssueApiKeyData } from './commands';
import { event, type TenantEvent } from './events';
import type { ApiKeyState, ExistingTenant } from './state';

type Decision = E.Either<DomainError, readonly TenantEvent[]>;
const fail = (...args: Parameters<typeof domainError>): Decision => E.left(domainError(...args));

/**
 * A key issued by a tenant key never outranks it: its scopes are a subset of the issuer's and it expires no
 * later than the issuer does (an absent expiry means the issuer's). The admin key (`parentKeyId` null) may
 * issue anything. The issuer is judged from the log, not from what authentication read a moment earlier, so a
 * revocation that won the race refuses the issue instead of leaving an orphan that the cascade would miss.
 */
export function decideIssueApiKey(state: ExistingTenant, data: IssueApiKeyData): Decision {
  const { now, parentKeyId, expiresAt: requestedExpiry, ...key } = data;
  if (ownEntry(state.keys, key.keyId)) return fail('API_KEY_EXISTS', `API key ${key.keyId} already exists`);
  if (activeApiKeyCount(state, now) >= TENANT_CAPS.activeApiKeys) {
    const max = TENANT_CAPS.activeApiKeys;
    return fail('API_KEY_LIMIT_REACHED', `A tenant holds at most ${max} active API keys: revoke one first`, { max });
  }
  if (parentKeyId === null) {
    return E.right([event('ApiKeyIssued', { ...key, expiresAt: requestedExpiry ?? null, issuedAt: now })]);
  }
  const parent = ownEntry(state.keys, parentKeyId);
  if (!parent) return fail('API_KEY_NOT_FOUND', `The issuing API key ${parentKeyId} is not one of this tenant's keys`);
  if (parent.revokedAt) return fail('API_KEY_REVOKED', 'The issuing API key was revoked');
  if (parent.expiresAt !== null && Date.parse(parent.expiresAt) <= Date.parse(now)) {
    return fail('API_KEY_EXPIRED', 'The issuing API key has expired');
  }

  const extraScopes = key.scopes.filter((scope) => !parent.scopes.includes(scope));
  if (extraScopes.length > 0) {
    return fail('API_KEY_SCOPE_ESCALATION', `The issuing key lacks the scopes ${extraScopes.join(', ')}`, {
      extra_scopes: extraScopes,
      issuer_scopes: parent.scopes,
    });
  }
  const expiresAt = requestedExpiry === undefined ? parent.expiresAt : requestedExpiry;
  if (parent.expiresAt !== null && (expiresAt === null || Date.parse(expiresAt) > Date.parse(parent.expiresAt))) {
    return fail('API_KEY_EXPIRY_ESCALATION', `expires_at must be no later than the issuing key's ${parent.expiresAt}`, {
      issuer_expires_at: parent.expiresAt,
    });
  }
  return E.right([event('ApiKeyIssued', { ...key, expiresAt, issuedAt: now, parentKeyId })]);
}

/**
 * Revoking a key revokes every key issued under it, transitively, in the same decision: the log says why each
 * one stopped working. Revoking again is harmless and still sweeps up any descendant left active.
 */
export function decideRevokeApiKey(state: ExistingTenant, keyId: string, reason: string, now: string): Decision {
  const key = ownEntry(state.keys, keyId);
  if (!key) return fail('API_KEY_NOT_FOUND', `API key ${keyId} not found`);
  const own = key.revokedAt ? [] : [event('ApiKeyRevoked', { keyId, reason, revokedAt: now })];
  const cascade = descendantsOf(state, keyId)
    .filter((child) => !child.revokedAt)
    .map((child) =>
      event('ApiKeyRevoked', {
        keyId: child.keyId,
        reason: `issuing key ${child.parentKeyId ?? keyId} was revoked`,
        revokedAt: now,
      }),
    );
  return E.right([...own, ...cascade]);
}

/** Every key issued under `keyId`, children before grandchildren; revoked ones too, since their children count. */
export function descendantsOf(state: ExistingTenant, keyId: string): readonly ApiKeyState[] {
  const keys = Object.values(state.keys);
  const found: ApiKeyState[] = [];
  const seen = new Set([keyId]);
  for (let frontier = [keyId]; frontier.length > 0;) {
    const parents = new Set(frontier);
    const children = keys.filter((k) => k.parentKeyId !== null && parents.has(k.parentKeyId) && !seen.has(k.keyId));
    for (const child of children) seen.add(child.keyId);
    found.push(...children);
    frontier = children.map((child) => child.keyId);
  }
  return found;
}
