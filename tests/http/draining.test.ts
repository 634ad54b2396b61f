import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { admits, createDrain, DRAINING_RETRY_AFTER_SECONDS } from '../../src/http/middleware/draining';
import { remainingMs } from '../../src/runtime/shutdown';

const logger = pino({ level: 'silent' });

describe('the draining state', () => {
  it('admits requests until draining begins, then refuses every new one', () => {
    expect(admits({ draining: false })).toBe(true);
    expect(admits({ draining: true })).toBe(false);
  });

  it('gives each shutdown phase what is left of its deadline, never less than nothing', () => {
    expect(remainingMs(1_500, 6_000)).toBe(4_500);
    expect(remainingMs(6_000, 6_000)).toBe(0);
    expect(remainingMs(9_000, 6_000)).toBe(0);
  });

  it('draining refuses 503 DRAINING with Retry-After, health included, and awaits the one in flight', async () => {
    let probed!: () => void;
    const probeCalled = new Promise<void>((resolve) => (probed = resolve));
    let releaseProbe!: () => void;
    const probeResult = new Promise<void>((resolve) => (releaseProbe = resolve));
    const drain = createDrain();
    const readiness = {
      held: () => {
        probed();
        return probeResult;
      },
    };
    const app = createApp({ logger, version: '1', readiness, drain });
    await request(app).get('/health/live').expect(200, { status: 'ok' });

    const inFlight = request(app)
      .get('/health/ready')
      .then((response) => response);
    await probeCalled;
    expect(drain.inFlight).toBe(1);
    drain.begin();
    let idle = false;
    const drained = drain.idle().then(() => (idle = true));

    for (const path of ['/health/live', '/health/ready', '/api/v1/tenants/acme']) {
      const refused = await request(app).get(path);
      expect([path, refused.status, refused.body.error]).toEqual([path, 503, 'DRAINING']);
      expect(refused.headers['retry-after']).toBe(String(DRAINING_RETRY_AFTER_SECONDS));
      expect(refused.headers.connection).toBe('close');
    }
    // Refusals are not counted as in flight; the held request still is, so draining is not over.
    expect([drain.inFlight, idle]).toEqual([1, false]);

    releaseProbe();
    const answered = await inFlight;
    expect([answered.status, answered.body.status]).toEqual([200, 'ready']);
    await drained;
    expect([drain.inFlight, idle]).toEqual([0, true]);
  });
});
