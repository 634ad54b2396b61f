import request from 'supertest';
import { Firestore } from '@google-cloud/firestore';
import pino from 'pino';
import { createApp } from '../../src/http/app';
import { testFirestore } from '../support/firestore';

describe('health endpoints', () => {
  const db = testFirestore();
  afterAll(() => db.terminate());
  const app = createApp({ db, logger: pino({ level: 'silent' }), version: '1.2.3' });

  it('answers /health, /health/live and /health/ready against the emulator', async () => {
    await request(app).get('/health').expect(200, { status: 'ok', service: 'convergence', version: '1.2.3' });
    await request(app).get('/health/live').expect(200, { status: 'ok' });
    await request(app).get('/health/ready').expect(200, { status: 'ready', checks: { firestore: 'ok' } });
  });

  it('reports not ready, within its timeout, when Firestore cannot be reached', async () => {
    const emulatorHost = process.env.FIRESTORE_EMULATOR_HOST;
    delete process.env.FIRESTORE_EMULATOR_HOST; // the client prefers the variable over an explicit host
    const unreachable = new Firestore({ projectId: 'convergence-test-x', host: '127.0.0.1:1', ssl: false });
    process.env.FIRESTORE_EMULATOR_HOST = emulatorHost;
    const broken = createApp({ db: unreachable, logger: pino({ level: 'silent' }), version: '1' });
    await request(broken).get('/health/ready').expect(503, { status: 'not_ready', checks: { firestore: 'unavailable' } });
    await unreachable.terminate();
  });
});
