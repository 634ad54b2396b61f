import request from 'supertest';
import pino from 'pino';
import { createApp, type ReadinessProbe } from '../../src/http/app';
import { testFirestore } from '../support/firestore';

describe('health endpoints', () => {
  const db = testFirestore();
  afterAll(() => db.terminate());
  const logger = pino({ level: 'silent' });
  const firestoreProbe: ReadinessProbe = () => db.collection('system').limit(1).get();

  it('answers /health, /health/live and /health/ready against the emulator', async () => {
    const app = createApp({ logger, version: '1.2.3', readiness: { firestore: firestoreProbe } });
    await request(app).get('/health').expect(200, { status: 'ok', service: 'convergence', version: '1.2.3' });
    await request(app).get('/health/live').expect(200, { status: 'ok' });
    await request(app).get('/health/ready').expect(200, { status: 'ready', checks: { firestore: 'ok' } });
  });

  it('reports not ready, naming the failing check, when a dependency fails or hangs past its timeout', async () => {
    const app = createApp({
      logger,
      version: '1',
      readiness: {
        firestore: firestoreProbe,
        failing: () => Promise.reject(new Error('down')),
        hanging: () => new Promise(() => undefined),
      },
    });
    await request(app).get('/health/ready').expect(503, { status: 'not_ready', checks: { firestore: 'ok', failing: 'unavailable', hanging: 'unavailable' } });
  });
});
