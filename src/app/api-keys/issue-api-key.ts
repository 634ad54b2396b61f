import * as t from 'io-ts';
import { generateApiKey, hashApiKey, ApiKeyScopes } from '../../security';
import { handleTenantCommand } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';
import { NameField, TimestampField } from '../tenants/tenant-fields';
import { DomainRefusal } from '../domain-refusal';

export const IssueApiKeyInput = t.intersection([t.type({ name: NameField, scopes: ApiKeyScopes }), t.partial({ expires_at: t.union([TimestampField, t.null]) })]);
export type IssueApiKeyInput = t.TypeOf<typeof IssueApiKeyInput>;

/** A new key for a tenant; the secret is in this answer only. */
export async function issueApiKey(ctx: ServiceContext, tenantId: string, input: IssueApiKeyInput, actor: Actor) {
  const now = ctx.now();
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new DomainRefusal({ code: 'INVALID_COMMAND', message: 'expires_at must be in the future' });
  }
  const key = generateApiKey();
  await handleTenantCommand(
    ctx,
    tenantId,
    () => ({
      type: 'IssueApiKey',
      data: { keyId: key.keyId, keyHash: hashApiKey(key.secret, ctx.pepper), name: input.name, scopes: input.scopes, expiresAt: expiresAt?.toISOString() ?? null, now: now.toISOString() },
    }),
    actor,
  );
  return { key_id: key.keyId, api_key: key.secret, name: input.name, scopes: input.scopes, expires_at: expiresAt?.toISOString() ?? null, created_at: now.toISOString() };
}
