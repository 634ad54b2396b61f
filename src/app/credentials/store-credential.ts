import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { CloudProvider } from '../../domain/tenant/events';
import { credentialMetadata, decodeCloudCredential, encryptCredential, type CloudCredential } from '../../security';
import { handleTenantCommand, loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { NameField } from '../tenants/tenant-fields';

/** The envelope of a submission; `credential` is validated per provider (and never echoed back). */
export const StoreCredentialInput = t.type({ provider: CloudProvider, name: NameField, credential: t.unknown });
export type StoreCredentialInput = t.TypeOf<typeof StoreCredentialInput>;

export const describeCredential = (c: {
  credentialId: string;
  provider: string;
  name: string;
  metadata: Readonly<Record<string, string>>;
  storedAt: string;
}) => ({
  credential_id: c.credentialId,
  provider: c.provider,
  name: c.name,
  metadata: c.metadata,
  created_at: c.storedAt,
});

/**
 * Validates the credential's shape for its provider, encrypts it under the tenant's data key (bound to the
 * credential id), and records ciphertext plus allow-listed metadata. The plaintext lives only in this call.
 */
export async function storeCredential(
  ctx: ServiceContext,
  tenantId: string,
  input: StoreCredentialInput,
  actor: Actor,
) {
  const decoded = decodeCloudCredential(input.provider, input.credential);
  if (E.isLeft(decoded)) throw decoded.left;
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  if (state.status === 'DELETED')
    throw new DomainRefusal({ code: 'TENANT_DELETED', message: `Tenant ${tenantId} was offboarded` });

  const credentialId = `cred_${randomBytes(8).toString('hex')}`;
  const encrypted = await encryptCredential(ctx.keyring, tenantId, credentialId, decoded.right);
  const metadata = metadataOf(decoded.right);
  const now = ctx.now().toISOString();
  await handleTenantCommand(
    ctx,
    tenantId,
    () => ({
      type: 'StoreCredential',
      data: { credentialId, provider: input.provider, name: input.name, metadata, encrypted, now },
    }),
    actor,
  );
  return describeCredential({ credentialId, provider: input.provider, name: input.name, metadata, storedAt: now });
}

function metadataOf(credential: CloudCredential): Readonly<Record<string, string>> {
  return { ...credentialMetadata(credential.provider, credential.credential as never) } as Readonly<
    Record<string, string>
  >;
}
