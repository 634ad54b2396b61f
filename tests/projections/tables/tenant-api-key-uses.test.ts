import { keyRowsOfTenantStream, keyRowsWithUses } from '../../../src/projections/tables/tenant-api-keys.projection';
import { tenantLife } from './tenant-scenario';

describe('tenant_api_keys: a key with its uses', () => {
  const { events } = tenantLife('acme');
  const base = new Map(keyRowsOfTenantStream(events.slice(0, 4)).map((row) => [row.key_id, row]));

  it('given uses of a key, last_used_at is the latest, the version counts them, and a later use names the row source', () => {
    const uses = new Map([
      [
        'k2',
        {
          count: 3,
          lastUsedAt: '2026-03-04T10:00:00Z',
          streamId: 'keyuse-acme--k2--202603041000',
          eventId: 'use-3',
          recordedAt: '2026-03-04T10:00:00.120Z',
        },
      ],
    ]);
    const rows = new Map(keyRowsWithUses(events.slice(0, 4), uses).map((row) => [row.key_id, row]));
    expect(rows.get('k2')).toEqual({
      ...base.get('k2'),
      last_used_at: '2026-03-04T10:00:00.000Z',
      source_revision: Number(base.get('k2')?.source_revision) + 3,
      source_stream_id: 'keyuse-acme--k2--202603041000',
      source_event_id: 'use-3',
      updated_at: '2026-03-04T10:00:00.120Z',
    });
    expect(rows.get('k1')).toEqual(base.get('k1'));
  });

  it('when the key changed after its last use, the row keeps that change as its source', () => {
    const uses = new Map([
      [
        'k2',
        {
          count: 1,
          lastUsedAt: '2026-03-01T00:00:00Z',
          streamId: 'keyuse-acme--k2--202603010000',
          eventId: 'use-1',
          recordedAt: '2020-01-01T00:00:00Z',
        },
      ],
    ]);
    const [row] = keyRowsWithUses(events.slice(0, 4), uses).filter((r) => r.key_id === 'k2');
    expect(row).toMatchObject({
      last_used_at: '2026-03-01T00:00:00.000Z',
      source_event_id: base.get('k2')?.source_event_id,
      updated_at: base.get('k2')?.updated_at,
    });
  });
});
