import { Timestamp, type Firestore } from '@google-cloud/firestore';
import { allStreamIds, tenantStreamIds } from '../../src/app/audit/stream-ids';
import type { EventStore } from '../../src/eventstore';
import { increment, testEventStore } from '../eventstore/support';
import { testFirestore } from '../support/firestore';

/** How `audit verify` finds the streams to verify: by document names (all) or the audit index (one tenant), page by page. */
let db: Firestore;
let store: EventStore;

const streams: Record<string, { tenantId: string; events: number }> = {
  'run-a1': { tenantId: 'alpha_t', events: 1 },
  'run-a2': { tenantId: 'alpha_t', events: 3 },
  'run-b1': { tenantId: 'beta_t', events: 4 },
  system: { tenantId: '_system', events: 1 },
  'tenant-alpha_t': { tenantId: 'alpha_t', events: 5 },
  'tenant-beta_t': { tenantId: 'beta_t', events: 2 },
  'usage-alpha_t-2026-11': { tenantId: 'alpha_t', events: 2 },
};

async function collect(generator: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const value of generator) out.push(value);
  return out;
}

beforeAll(async () => {
  db = testFirestore();
  store = testEventStore(db);
  // Interleaved appends, so a tenant's streams are not contiguous in commit order.
  for (let round = 0; round < 5; round += 1) {
    for (const [streamId, { tenantId, events }] of Object.entries(streams)) {
      if (round < events) await store.append(streamId, round, [increment(1)], { tenantId });
    }
  }
  // A document no append would write (an id past the last revision) and an `events` collection outside streams/.
  await db.doc('streams/run-a2/events/zzzz').set({ tenantId: 'alpha_t', recordedAt: Timestamp.now(), note: 'planted' });
  await db.doc('elsewhere/x/events/0000000001').set({ tenantId: 'alpha_t', recordedAt: Timestamp.now(), revision: 1 });
});
afterAll(async () => {
  await db?.terminate();
});

describe('every stream, by document names', () => {
  it.each([1, 2, 3, 500])(
    'pages of %i: each stream once, in name order, nothing outside streams/',
    async (pageSize) => {
      expect(await collect(allStreamIds(db, pageSize))).toEqual(Object.keys(streams).sort());
    },
  );
});

describe("one tenant's streams, by the audit index", () => {
  it.each([1, 2, 500])(
    'pages of %i: each of its streams once, in the order of their first commit',
    async (pageSize) => {
      expect(await collect(tenantStreamIds(db, 'alpha_t', pageSize))).toEqual([
        'run-a1',
        'run-a2',
        'tenant-alpha_t',
        'usage-alpha_t-2026-11',
      ]);
      expect(await collect(tenantStreamIds(db, 'beta_t', pageSize))).toEqual(['run-b1', 'tenant-beta_t']);
      expect(await collect(tenantStreamIds(db, 'nobody', pageSize))).toEqual([]);
    },
  );
});
