import type { StreamProjection } from '../../../src/projections/projection';
import { isTenantStream } from '../../../src/projections/tables/domain-events';
import {
  keyRowsOfTenantStream,
  tenantApiKeysProjection as derived,
} from '../../../src/projections/tables/tenant-api-keys.projection';
import { assertBatchInvariant, assertPrefixInvariant, rowsByKey } from './support/projection-spec';
import { tenantLife } from './tenant-scenario';

/** The tenant-stream half of the derived projection, as a fold (its uses are tested in tenant-api-key-uses.test.ts). */
const tenantApiKeysProjection: StreamProjection = {
  kind: 'stream',
  table: derived.table,
  accepts: isTenantStream,
  rows: keyRowsOfTenantStream,
};

describe('tenant_api_keys projection', () => {
  const { events } = tenantLife('acme');
  const keysAt = (revision: number) => rowsByKey(tenantApiKeysProjection, events.slice(0, revision));

  it('given a key issued, a row with its hash, scopes, issuer and expiry — never a use time', () => {
    expect(keysAt(4).get('acme\u0000k2')).toEqual({
      tenant_id: 'acme',
      key_id: 'k2',
      key_hash: 'b'.repeat(64),
      name: 'ci',
      scopes: ['pipelines:read'],
      status: 'ACTIVE',
      created_at: '2026-03-03T08:00:00.000Z',
      created_by: 'alice',
      expires_at: '2026-06-01T00:00:00.000Z',
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      last_used_at: null,
      source_revision: 4,
      source_stream_id: 'tenant-acme',
      source_event_id: 'tenant-acme#4',
      updated_at: '2026-03-02T09:00:03.000Z',
    });
  });

  it('when revoked, the key is REVOKED with who, when and why; the other key is untouched', () => {
    const keys = keysAt(8);
    expect(keys.get('acme\u0000k2')).toMatchObject({
      status: 'REVOKED',
      revoked_at: '2026-03-05T08:00:00.000Z',
      revoked_by: 'bob',
      revoke_reason: 'leaked in a log',
      source_revision: 8,
    });
    expect(keys.get('acme\u0000k1')).toMatchObject({ status: 'ACTIVE', source_revision: 2 });
  });

  it('offboarding revokes the remaining key; a repeated revocation changes nothing', () => {
    const keys = rowsByKey(tenantApiKeysProjection, events);
    expect(keys.get('acme\u0000k1')).toMatchObject({
      status: 'REVOKED',
      revoke_reason: 'tenant offboarded',
      source_revision: 15,
    });
    expect(keys.get('acme\u0000k2')).toMatchObject({ revoked_by: 'bob', source_revision: 8 });
  });

  it('holds only peppered hashes: no key material column, no credential ciphertext', () => {
    const text = JSON.stringify([...rowsByKey(tenantApiKeysProjection, events).values()]);
    expect(text).not.toMatch(/SECRET-|cvg_/);
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantApiKeysProjection, events);
    assertBatchInvariant(tenantApiKeysProjection, events);
  });
});
