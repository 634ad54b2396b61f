import type http from 'node:http';
import { executePipeline } from '../../src/pipelines/executor/execute-pipeline';
import { stepRegistry } from '../../src/pipelines/steps/step-kind';
import { WEBHOOK_RESPONSE_LIMIT_BYTES, webhookKind } from '../../src/pipelines/steps/webhook/webhook';
import type { WebhookSettings } from '../../src/pipelines/steps/webhook/webhook-settings';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { fakeClock } from './support/fake-clock';
import { loopbackReceiver } from './support/loopback-receiver';
import type { LoopbackReceiver } from './support/loopback-receiver';
import { emptyTables, pipelineFrom, runIdentity } from './support/pipelines';
import { recordingLifecycle } from './support/recording-lifecycle';

// Every server here is a real node:http server bound to 127.0.0.1; nothing leaves this machine.

const yaml = (url: string) => `
pipeline_id: webhook_safety
version: 1
parameters:
  target: { type: string, default: "ok" }
steps:
  - step_id: alert
    ps_type: notify_systems.webhook
    timeout_minutes: 1
    retry: { attempts: 3, backoff: { initial_seconds: 1 } }
    webhook:
      url: "${url}"
      headers: { Authorization: "Bearer secret-token" }
`;

const registry = stepRegistry([webhookKind]);

async function runWebhook(url: string, webhook: WebhookSettings | undefined, parameters: Record<string, unknown> = {}) {
  const pipeline = pipelineFrom(yaml(url), registry, emptyTables);
  const deps = {
    registry,
    lifecycle: recordingLifecycle(),
    clock: fakeClock(),
    warehouse: {} as Warehouse,
    tables: emptyTables,
    ...(webhook ? { webhook } : {}),
  };
  const result = await executePipeline({ pipeline, run: runIdentity({ parameters }) }, deps);
  const [step] = result.steps;
  if (!step) throw new Error('the webhook step did not run');
  return step;
}

let server: LoopbackReceiver;
afterEach(async () => server.close());

describe('webhook targets come only from the YAML', () => {
  const hostile = ['evil.com/x#', '@169.254.169.254', '%2F..', 'a\r\nHost: evil.com', '../../admin?x=1', '..'];

  it.each(hostile)(
    'a hostile parameter %j fills the path and query URL-encoded, and the request stays on the YAML host',
    async (value) => {
      server = await loopbackReceiver();
      const step = await runWebhook(
        `http://${server.host}/hooks/{target}?t={target}`,
        { allowedHosts: [server.host] },
        { target: value },
      );
      expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
      const encoded = encodeURIComponent(value);
      expect(server.received).toEqual([
        expect.objectContaining({ method: 'POST', url: `/hooks/${encoded}?t=${encoded}` }),
      ]);
      expect(server.received[0]?.headers.host).toBe(server.host);
    },
  );
});

describe('webhooks reach internal addresses only when the operator allow-lists them', () => {
  it('refuses a loopback receiver without the allow-list, over https or plain http, and never retries', async () => {
    server = await loopbackReceiver();
    const https = await runWebhook(`https://${server.host}/hook`, undefined);
    expect(https).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'WEBHOOK_TARGET_REFUSED' } });
    expect(https.error?.message).toContain(`webhook ${server.host} resolves to 127.0.0.1 (loopback)`);
    const plain = await runWebhook(`http://${server.host}/hook`, { allowedHosts: ['127.0.0.1:1'] });
    expect(plain).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'WEBHOOK_TARGET_REFUSED' } });
    expect(plain.error?.message).toContain('plain http is refused');
    expect(server.received).toHaveLength(0);
  });

  it('reaches the same receiver once its host:port is allow-listed', async () => {
    server = await loopbackReceiver();
    const step = await runWebhook(`http://${server.host}/hook`, { allowedHosts: [server.host] });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('refuses a host name that resolves to loopback (localhost)', async () => {
    server = await loopbackReceiver();
    const step = await runWebhook(`https://localhost:${server.port}/hook`, { allowedHosts: [server.host] });
    expect(step).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'WEBHOOK_TARGET_REFUSED' } });
    expect(step.error?.message).toMatch(
      new RegExp(`^webhook localhost:${server.port} resolves to (127\\.0\\.0\\.1|::1) \\(loopback\\)`),
    );
    expect(server.received).toHaveLength(0);
  });

  it('connects to the vetted address it resolved, keeping the URL host in the Host header', async () => {
    server = await loopbackReceiver();
    const lookups: string[] = [];
    // `hooks.test` exists in no DNS: the request can only arrive through the address this resolver vetted.
    const resolve = async (hostname: string) => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    const step = await runWebhook(`http://hooks.test:${server.port}/hook`, {
      allowedHosts: [`hooks.test:${server.port}`],
      resolve,
    });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(lookups).toEqual(['hooks.test']);
    expect(server.received[0]?.headers.host).toBe(`hooks.test:${server.port}`);
  });
});

describe('webhook answers', () => {
  it('reads at most 64 KiB of a 100 MB body, then cancels it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const chunks = 1600; // 100 MiB: far more than loopback socket buffers hold, so only a cancel ends it early
    let written = 0;
    let responseClosed!: Promise<void>;
    server = await loopbackReceiver((res: http.ServerResponse) => {
      responseClosed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-length': String(chunk.length * chunks) });
      const pump = () => {
        while (written < chunks && !res.destroyed) {
          written += 1;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (written === chunks) res.end();
      };
      pump();
    });
    const step = await runWebhook(`http://${server.host}/hook`, { allowedHosts: [server.host] });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output?.details).toEqual({
      status: 200,
      bodyBytesRead: WEBHOOK_RESPONSE_LIMIT_BYTES,
      bodyTruncated: true,
    });
    // The receiver sees its connection closed by the client, long before the body is out.
    await responseClosed;
    expect(written).toBeLessThan(chunks);
  });

  it('refuses a redirect without following it or retrying', async () => {
    const elsewhere = await loopbackReceiver();
    try {
      server = await loopbackReceiver((res) =>
        res.writeHead(302, { location: `http://${elsewhere.host}/stolen` }).end(),
      );
      const step = await runWebhook(`http://${server.host}/hook`, { allowedHosts: [server.host, elsewhere.host] });
      expect(step).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'WEBHOOK_FAILED' } });
      expect(step.error?.message).toBe(`webhook ${server.host} answered 302: redirects are refused`);
      expect(server.received).toHaveLength(1);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});
