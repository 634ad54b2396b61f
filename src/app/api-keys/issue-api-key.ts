import * as t from 'io-ts';
import { generateApiKey, hashApiKey, ApiKeyScopes } from '../../security';
import { handleTenantCommand } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';
import { NameField, TimestampField } from '../tenants/tenant-fields';
import { DomainRefusal } from '../domain-refusal';

export const IssueApiKeyInput = t.intersection([
  t.type({ name: NameField, scopes: ApiKeyScopes }),
  t.partial({ expires_at: t.union([TimestampField, t.null]) }),
]);
export type IssueApiKeyInput = t.TypeOf<typeof IssueApiKeyInput>;

/**
 * A new key for a tenant; the secret is in this answer only. `issuerKeyId` is the tenant key asking (null for
 * the admin key): the new key then gets at most its scopes and its lifetime, an absent `expires_at` meaning
 * the issuer's, and is revoked with it.
 */
export async function issueApiKey(
  ctx: ServiceContext,
  tenantId: string,
  input: IssueApiKeyInput,
  actor: Actor,
  issuerKeyId: string | null,
) {
  const now = ctx.now();
  // Absent (inherit the issuer's), null (no expiry) or an instant.
  const requested = typeof input.expires_at === 'string' ? new Date(input.expires_at) : input.expires_at;
  if (requested && requested.getTime() <= now.getTime()) {
    throw new DomainRefusal({ code: 'INVALID_COMMAND', message: 'expires_at must be in the future' });
  }
  const key = generateApiKey();
  const result = await handleTenantCommand(
    ctx,
    tenantId,
    () => ({
      type: 'IssueApiKey',
      data: {
        keyId: key.keyId,
        keyHash: hashApiKey(key.secret, ctx.pepper),
        name: input.name,
        scopes: input.scopes,
        ...(requested === undefined ? {} : { expiresAt: requested?.toISOString() ?? null }),
        parentKeyId: issuerKeyId,
        now: now.toISOString(),
      },
    }),
    actor,
  );
  const issued = result.events.find((e) => e.type === 'ApiKeyIssued' && e.data.keyId === key.keyId);
  const expiresAt = issued?.type === 'ApiKeyIssued' ? issued.data.expiresAt : null;
  return {
    key_id: key.keyId,
    api_key: key.secret,
    name: input.name,
    scopes: input.scopes,
    expires_at: expiresAt,
    parent_key_id: issuerKeyId,
    created_at: now.toISOString(),
  };
}
