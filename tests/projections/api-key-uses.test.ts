import request from 'supertest';
import { keyUseStreamId } from '../../src/domain/api-key-use/events';
import { replayDependenciesOf } from '../../src/app/replay/replay-dependencies-of';
import { runReplay } from '../../src/projections/replay/run-replay';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard } from '../runs/support';

/**
 * A key's uses are events (one per key and minute, each in its own stream), so tenant_api_keys.last_used_at
 * comes from the log like every other column, and a replay rebuilds it.
 */
let service: TestService;
let apiKey: string;

/** Each describe runs on a system of its own (an empty database, a new service) with one tenant, keyuse_co. */
function onAFreshSystem(given: () => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    await clearTestDatabase();
    service = await startTestService();
    service.setNow(new Date('2026-11-27T09:00:10Z'));
    apiKey = (await bootstrapAndOnboard(service, [{ tenantId: 'keyuse_co', plan: 'STARTER' }])).keyuse_co as string;
    await given();
  });
  afterAll(async () => {
    await service?.stop();
  });
}

const keyIdOf = (key: string) => key.split('_')[1] as string;
const get = () => request(service.app).get('/api/v1/tenants/keyuse_co').set('X-API-Key', apiKey);

describe('API key uses', () => {
  onAFreshSystem();

  it('records one ApiKeyUsed per key and minute, however many requests', async () => {
    service.setNow(new Date('2026-11-27T09:01:05Z'));
    const answers = await Promise.all([get(), get(), get()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    service.setNow(new Date('2026-11-27T09:03:30Z'));
    expect((await get()).status).toBe(200);
    const keyId = keyIdOf(apiKey);
    const first = await service.ctx.store.readStream(
      keyUseStreamId('keyuse_co', keyId, new Date('2026-11-27T09:01:05Z')),
    );
    const second = await service.ctx.store.readStream(
      keyUseStreamId('keyuse_co', keyId, new Date('2026-11-27T09:03:30Z')),
    );
    expect(first.events.map((event) => [event.type, event.data])).toEqual([
      ['ApiKeyUsed', { keyId, usedAt: '2026-11-27T09:01:05.000Z' }],
    ]);
    expect(second.events.map((event) => event.data)).toEqual([{ keyId, usedAt: '2026-11-27T09:03:30.000Z' }]);
    expect(first.events[0]?.tenantId).toBe('keyuse_co');
  });
});

describe('given the key used at 09:01 (three times) and at 09:03', () => {
  onAFreshSystem(async () => {
    service.setNow(new Date('2026-11-27T09:01:05Z'));
    expect((await Promise.all([get(), get(), get()])).map((answer) => answer.status)).toEqual([200, 200, 200]);
    service.setNow(new Date('2026-11-27T09:03:30Z'));
    expect((await get()).status).toBe(200);
  });

  it('projects the latest use into tenant_api_keys, and a replay rebuilds the same row', async () => {
    expect((await service.ctx.projections.live.catchUpAll()).every((outcome) => outcome.status === 'done')).toBe(true);
    const rows = (
      await service.ctx.warehouse.runQuery(
        "SELECT key_id, status, last_used_at FROM `tenants.tenant_api_keys` WHERE tenant_id = 'keyuse_co'",
      )
    ).rows;
    expect(rows).toEqual([{ key_id: keyIdOf(apiKey), status: 'ACTIVE', last_used_at: '2026-11-27T09:03:30.000Z' }]);
    const replay = await runReplay(replayDependenciesOf(service.ctx), {
      replayId: 'keyuse',
      verify: true,
      promote: false,
      requestedBy: 'test',
    });
    expect(replay.verify?.tables.find((table) => table.table === 'tenant_api_keys')).toMatchObject({
      equal: true,
      live: { rows: 1 },
    });
  });
});
