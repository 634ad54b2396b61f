import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { executePipeline } from '../../src/pipelines/executor/execute-pipeline';
import { webhookKind } from '../../src/pipelines/steps/webhook/webhook';
import { stepRegistry } from '../../src/pipelines/steps/step-kind';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { fakeClock } from './support/fake-clock';
import type { FakeClock } from './support/fake-clock';
import { emptyTables, pipelineFrom, runIdentity } from './support/pipelines';
import { recordingLifecycle } from './support/recording-lifecycle';
import { scriptedKind } from './support/scripted-kind';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A local HTTP receiver answering each request with the next scripted status ('hang' = never answers). */
async function receiver(script: readonly (number | 'hang')[], onRequest: (n: number) => void = () => undefined) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
      const answer = script[received.length - 1] ?? 200;
      onRequest(received.length);
      if (answer !== 'hang') res.writeHead(answer).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}/hooks/{tenant_id}`,
    host,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pipelineYaml = (url: string) => `
pipeline_id: notify_test
version: 1
steps:
  - step_id: work
    ps_type: test.step
  - step_id: alert
    ps_type: notify_systems.webhook
    trigger: always
    timeout_minutes: 1
    retry: { attempts: 3, backoff: { initial_seconds: 1 } }
    webhook:
      url: "${url}"
      timeout_seconds: 5
      headers: { Authorization: "Bearer secret-token" }
      message: "cost run for {tenant_id} on {date}"
`;

// The step before the notification is scripted; nothing here reaches a warehouse.
const noWarehouse = {} as Warehouse;

// The receiver is on loopback over plain http: reachable only because the operator allow-list names it.
async function run(server: { url: string; host: string }, clock: FakeClock = fakeClock()) {
  const lifecycle = recordingLifecycle();
  const registry = stepRegistry([webhookKind, scriptedKind('test.step', {})]);
  const pipeline = pipelineFrom(pipelineYaml(server.url), registry, emptyTables);
  const deps = {
    registry,
    lifecycle,
    clock,
    warehouse: noWarehouse,
    tables: emptyTables,
    webhook: { allowedHosts: [server.host] },
  };
  const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
  return { result, lifecycle, clock };
}

describe('notify_systems.webhook against a local HTTP server', () => {
  it('POSTs the run summary as JSON, retrying a 503 under the same idempotency key', async () => {
    const server = await receiver([503, 200]);
    try {
      const { result, clock } = await run(server);
      expect(result.notifications).toEqual([
        expect.objectContaining({ stepId: 'alert', status: 'succeeded', attempts: 2 }),
      ]);
      expect(server.received).toHaveLength(2);
      expect(clock.sleeps).toEqual([1000]);
      const [first, second] = server.received;
      expect(first?.headers['content-type']).toBe('application/json');
      expect(first?.headers.authorization).toBe('Bearer secret-token');
      expect(first?.headers['idempotency-key']).toBe('run_0001_alert');
      expect(second?.headers['idempotency-key']).toBe('run_0001_alert');
      expect(first?.body).toEqual({
        pipeline_id: 'notify_test',
        run_id: 'run_0001',
        tenant_id: 'acme_corp',
        date: '2026-01-02',
        status: 'succeeded',
        message: 'cost run for acme_corp on 2026-01-02',
        steps: [{ step_id: 'work', status: 'succeeded', attempts: 1 }],
      });
    } finally {
      await server.close();
    }
  });

  it('does not retry a 400, and never puts header values in the error', async () => {
    const server = await receiver([400]);
    try {
      const { result, lifecycle } = await run(server);
      expect(result.status).toBe('succeeded'); // a notification never changes the run's outcome
      expect(result.notifications[0]).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { code: 'WEBHOOK_FAILED' },
      });
      expect(result.notifications[0]?.error?.message).toContain('answered 400');
      expect(JSON.stringify(lifecycle.events)).not.toContain('secret-token');
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('gives up on a receiver that does not answer within timeout_seconds, then retries', async () => {
    const clock = fakeClock();
    // The receiver holds the first request; the test then fires the webhook's 5 s timeout.
    const server = await receiver(['hang', 200], (n) => {
      if (n === 1) setImmediate(() => clock.fire(5000));
    });
    try {
      const { result, lifecycle } = await run(server, clock);
      expect(result.notifications[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(lifecycle.events.find((e) => e.type === 'failed')).toMatchObject({
        stepId: 'alert',
        code: 'WEBHOOK_FAILED',
        willRetry: true,
      });
      expect(clock.timeouts).toContain(5000);
    } finally {
      await server.close();
    }
  });
});
