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
    await request(app)
      .get('/health/ready')
      .expect(200, { status: 'ready', checks: { firestore: 'ok' } });
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
    await request(app)
      .get('/health/ready')
      .expect(503, {
        status: 'not_ready',
        checks: { firestore: 'ok', failing: 'unavailable', hanging: 'unavailable' },
      });
  });

  it('answers /metrics in Prometheus text, counting requests by route pattern and status', async () => {
    const app = createApp({ logger, version: '1', readiness: { firestore: firestoreProbe } });
    await request(app).get('/health').expect(200);
    await request(app).get('/health').expect(200);
    await request(app).get('/no/such/route').expect(404);
    const metrics = await request(app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('# TYPE convergence_http_requests_total counter');
    expect(metrics.text).toContain('convergence_http_requests_total{method="GET",route="/health",status="200"} 2');
    expect(metrics.text).toContain('convergence_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(metrics.text).not.toContain('/no/such/route');
    expect(metrics.text).toContain('convergence_http_request_duration_seconds_count{method="GET",route="/health"} 2');
  });

  it('keeps separate counts per app instance', async () => {
    const first = createApp({ logger, version: '1', readiness: {} });
    const second = createApp({ logger, version: '1', readiness: {} });
    await request(first).get('/health/live').expect(200);
    expect((await request(second).get('/metrics')).text).not.toContain('route="/health/live"');
    expect((await request(first).get('/metrics')).text).toContain(
      'convergence_http_requests_total{method="GET",route="/health/live",status="200"} 1',
    );
  });
});
