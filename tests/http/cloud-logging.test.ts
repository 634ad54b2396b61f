import { Writable } from 'node:stream';
import { BigQuery } from '@google-cloud/bigquery';
import pinoPretty from 'pino-pretty';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { createLogger, type LoggerOptions } from '../../src/http/logger';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';
import { runInTrace } from '../../src/observability/current-trace';
import { KnownSecrets } from '../../src/security/redaction';
import { BigQueryWarehouse } from '../../src/warehouse/bigquery';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SECRET = 'Zq8uYt3LrW0pXv5sNc2Hb7Kd1Fg4Jm6A';

function captured(options: LoggerOptions) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const knownSecrets = new KnownSecrets().add(SECRET);
  return { logger: createLogger('debug', sink, { knownSecrets, ...options }), lines };
}

const cloud = () => captured({ format: 'cloud-logging', projectId: 'convergence-prod', version: '1.4.0' });
const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('production logs in Cloud Logging structured JSON', () => {
  it('writes severity, message and an RFC 3339 time instead of pino level numbers and msg', () => {
    const { logger, lines } = cloud();
    logger.warn({ partition: 3 }, 'catch-up slow');
    const [line] = parsed(lines);
    expect(line).toMatchObject({ severity: 'WARNING', message: 'catch-up slow', partition: 3 });
    expect(line?.msg).toBeUndefined();
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('gives an error a stack_trace and the service context Error Reporting groups by, redacted', () => {
    const { logger, lines } = cloud();
    logger.error({ err: new Error(`commit failed for ${SECRET}`) }, 'failed');
    logger.error(new TypeError(`bad ${SECRET}`));
    const [withObject, bare] = parsed(lines);
    expect(withObject).toMatchObject({
      severity: 'ERROR',
      serviceContext: { service: 'convergence', version: '1.4.0' },
    });
    expect(String(withObject?.stack_trace)).toMatch(/^Error: commit failed for \[redacted\]\n\s+at /);
    expect(String(bare?.stack_trace)).toMatch(/^TypeError: bad \[redacted\]\n\s+at /);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it("keeps an error's own fields and its cause, redacted", () => {
    const { logger, lines } = cloud();
    const cause = new Error(`warehouse said ${SECRET}`);
    logger.error({ err: Object.assign(new Error('catch-up failed', { cause }), { code: 'CATCH_UP_FAILED' }) }, 'x');
    const err = parsed(lines)[0]?.err as { code?: string; message?: string; stack?: string };
    expect(err.code).toBe('CATCH_UP_FAILED');
    // pino's serializer folds the cause into the message and the stack ("caused by:").
    expect(err.message).toBe('catch-up failed: warehouse said [redacted]');
    expect(err.stack).toContain('caused by: Error: warehouse said [redacted]');
  });

  it('masks a secret-named field and a configured secret by value', () => {
    const { logger, lines } = cloud();
    logger.info({ password: 'hunter2-hunter2', note: `carrying ${SECRET}` }, `message ${SECRET}`);
    const [line] = parsed(lines);
    expect(line).toMatchObject({ password: '[redacted]', note: 'carrying [redacted]', message: 'message [redacted]' });
  });

  it.each([
    ['traceparent', `00-${TRACE}-00f067aa0ba902b7-01`, '00f067aa0ba902b7', true],
    ['x-cloud-trace-context', `${TRACE}/1;o=0`, '0000000000000001', undefined],
  ])('joins a request line to the trace from %s, with its httpRequest', async (header, value, spanId, sampled) => {
    const { logger, lines } = cloud();
    const app = createApp({ logger, version: 'test', readiness: {} });
    await request(app).get('/health/live').set(header, value).then();
    const line = parsed(lines).find((entry) => entry.message === 'request');
    expect(line).toMatchObject({
      severity: 'INFO',
      'logging.googleapis.com/trace': `projects/convergence-prod/traces/${TRACE}`,
      'logging.googleapis.com/spanId': spanId,
      httpRequest: { requestMethod: 'GET', requestUrl: '/health/live', status: 200 },
    });
    expect(line?.['logging.googleapis.com/trace_sampled']).toBe(sampled);
    expect(String((line?.httpRequest as { latency: string }).latency)).toMatch(/^\d+\.\d{3}s$/);
  });

  it('starts a trace for a request that came without one', async () => {
    const { logger, lines } = cloud();
    const app = createApp({ logger, version: 'test', readiness: {} });
    await request(app).get('/health/live').then();
    const line = parsed(lines).find((entry) => entry.message === 'request');
    expect(line?.['logging.googleapis.com/trace']).toMatch(/^projects\/convergence-prod\/traces\/[0-9a-f]{32}$/);
  });
});

describe('local logs', () => {
  it('stay pino JSON (msg, numeric level) when not on a terminal, the trace as trace_id', () => {
    const { logger, lines } = captured({ format: 'json' });
    runInTrace({ traceId: TRACE, sampled: false }, () => logger.info({ token: SECRET }, 'hello'));
    expect(parsed(lines)[0]).toMatchObject({ level: 30, msg: 'hello', token: '[redacted]', trace_id: TRACE });
  });

  it('are readable and still redacted through pino-pretty', () => {
    const prettify = pinoPretty.prettyFactory({ colorize: false, messageKey: 'msg' });
    const { logger, lines } = captured({ format: 'pretty', prettify });
    logger.info({ apiKey: 'cvg_k1_secretsecretsecret', note: SECRET }, `pretty ${SECRET}`);
    const text = lines.join('\n');
    expect(text).toMatch(/INFO.*pretty \[redacted\]/);
    expect(text).toContain('apiKey: "[redacted]"');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('secretsecretsecret');
  });
});

describe('BigQuery jobs', () => {
  it('carry the trace id of the request that submitted them as a label', async () => {
    const local = await startLocalBigQuery({ projectId: 'trace-project' });
    try {
      const client = new BigQuery(localBigQueryClientOptions(local.url, local.projectId));
      const warehouse = new BigQueryWarehouse({
        client,
        projectId: local.projectId,
        location: 'US',
        requestTimeoutMs: 30_000,
      });
      await runInTrace({ traceId: TRACE, sampled: true }, () =>
        warehouse.runQuery('SELECT 1 AS one', { jobId: 'traced_job_1' }),
      );
      await warehouse.runQuery('SELECT 1 AS one', { jobId: 'untraced_job_1' });
      const [traced] = await client.job('traced_job_1', { location: 'US' }).getMetadata();
      const [untraced] = await client.job('untraced_job_1', { location: 'US' }).getMetadata();
      expect(traced.configuration.labels).toMatchObject({ app: 'convergence', trace_id: TRACE });
      expect(untraced.configuration.labels.trace_id).toBeUndefined();
    } finally {
      await local.stop();
    }
  });
});
