import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { createHttpMetrics, type HttpMetrics } from '../../src/http/metrics';
import { DEFAULT_EVENTARC_BODY_LIMIT_BYTES } from '../../src/http/routes/eventarc-routes';
import { adminHeaders, expectErrorShape } from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { ceHeaders, eventFields, jsonBytes, PROJECT, protobufBytes, RECORDED_EMULATOR_DELIVERY } from './fixtures';
import { RecordingDoorbell } from './recording-doorbell';

const EVENT_PATH = 'streams/tenant-acme_corp/events/0000000007';

let service: TestService;
let app: Express;
let doorbell: RecordingDoorbell;
let metrics: HttpMetrics;
const logLines: string[] = [];

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});
beforeEach(() => {
  doorbell = new RecordingDoorbell();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  metrics = createHttpMetrics({ defaultMetrics: false });
  // The fixtures' documents live in PROJECT's database; the app projects that one.
  const api = { ctx: { ...service.ctx, projectId: PROJECT }, auth: service.auth, doorbell };
  app = createApp({ logger: createLogger('info', sink), version: 'test', readiness: {}, api, metrics });
});

const metricsText = () => metrics.registry.metrics();

const bearer = () => ({ Authorization: `Bearer ${service.secrets.serviceToken}` });
// Text goes as it is; superagent would serialise a Buffer sent with a JSON content type as JSON itself.
const post = (headers: Record<string, string>, body: Buffer | string) =>
  request(app).post('/eventarc/firestore').set(headers).send(body);

describe('POST /eventarc/firestore', () => {
  it('catches up the partition of a protobuf event and answers 200 once it is done', async () => {
    const response = await post(
      { ...ceHeaders(EVENT_PATH), ...bearer() },
      protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp')),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ outcome: 'caught_up', document_path: EVENT_PATH, partition: 3, events: 1 });
    expect(doorbell.rung.items).toEqual([3]);
  });

  it('decodes a JSON DocumentEventData although the app parses JSON bodies elsewhere', async () => {
    const response = await post(
      { ...ceHeaders(EVENT_PATH, { 'content-type': 'application/json' }), ...bearer() },
      jsonBytes(EVENT_PATH, eventFields(11, 'acme_corp')).toString('utf8'),
    );
    expect(response.status).toBe(200);
    expect(doorbell.rung.items).toEqual([11]);
  });

  it('decodes the Firestore emulator’s base64 body as it was recorded', async () => {
    const { headers, body } = RECORDED_EMULATOR_DELIVERY;
    // It was recorded in project exp-p: an app of that project projects it.
    const api = { ctx: { ...service.ctx, projectId: 'exp-p' }, auth: service.auth, doorbell };
    const recordedApp = createApp({ logger: createLogger('silent'), version: 'test', readiness: {}, api });
    const response = await request(recordedApp)
      .post('/eventarc/firestore')
      .set({ ...(headers as Record<string, string>), ...bearer() })
      .send(body as Buffer);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      outcome: 'caught_up',
      document_path: 'streams/run-x/events/0000000003',
      partition: 5,
      events: 1,
    });
    expect(doorbell.rung.items).toEqual([5]);
  });

  it('answers 200 ignored for a document that is not an event, ringing nothing', async () => {
    const response = await post(
      { ...ceHeaders('tenants/acme_corp'), ...bearer() },
      protobufBytes('tenants/acme_corp', { status: { stringValue: 'ACTIVE' } }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'ignored', document_path: 'tenants/acme_corp' });
    expect(doorbell.rung.items).toEqual([]);
  });

  it('requires service authentication: 401 without a token or with a wrong one; the admin key is accepted', async () => {
    const body = protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp'));
    const anonymous = await post(ceHeaders(EVENT_PATH), body);
    expect(anonymous.status).toBe(401);
    expectErrorShape(anonymous.body, 'UNAUTHORIZED');
    const forged = await post({ ...ceHeaders(EVENT_PATH), Authorization: `Bearer ${'x'.repeat(43)}` }, body);
    expect(forged.status).toBe(401);
    expectErrorShape(forged.body, 'INVALID_SERVICE_TOKEN');
    expect(doorbell.rung.items).toEqual([]);
    const admin = await post({ ...ceHeaders(EVENT_PATH), ...adminHeaders(service) }, body);
    expect(admin.status).toBe(200);
    expect(doorbell.rung.items).toEqual([3]);
  });

  // Eventarc redelivers every non-2xx answer for a day: what can never succeed is answered 200 ignored.
  it('answers 200 ignored to garbage, naming the problem, with a warning and a counter', async () => {
    const response = await post({ ...ceHeaders(EVENT_PATH), ...bearer() }, Buffer.from([0xff, 0xfe, 0x00, 0x13]));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      outcome: 'ignored',
      reason: 'INVALID_EVENT_DATA',
      message: expect.stringContaining('protobuf'),
    });
    expect(doorbell.rung.items).toEqual([]);
    const warning = logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.requestId === response.headers['x-request-id']);
    expect(warning).toMatchObject({ level: 40, reason: 'INVALID_EVENT_DATA', msg: 'eventarc delivery ignored' });
    const metrics = await metricsText();
    expect(metrics).toContain('convergence_eventarc_deliveries_total{outcome="ignored",reason="INVALID_EVENT_DATA"} 1');
  });

  it('answers 200 ignored to a CloudEvent of another type and to one without its ce-* headers', async () => {
    const body = protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp'));
    const updated = await post(
      { ...ceHeaders(EVENT_PATH, { 'ce-type': 'google.cloud.firestore.document.v1.deleted' }), ...bearer() },
      body,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ outcome: 'ignored', reason: 'UNSUPPORTED_EVENT_TYPE' });
    const bare = await post({ 'content-type': 'application/protobuf', ...bearer() }, body);
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({
      outcome: 'ignored',
      reason: 'INVALID_CLOUDEVENT',
      message:
        'Not a binary-mode CloudEvent: ce-id: missing; ce-source: missing; ce-specversion: missing; ce-type: missing',
    });
    expect(doorbell.rung.items).toEqual([]);
  });

  it('answers 200 ignored to a document of another project or database', async () => {
    const otherProject = jsonBytes(EVENT_PATH, eventFields(3, 'acme_corp'))
      .toString('utf8')
      .replaceAll(`projects/${PROJECT}/`, 'projects/someone-else/');
    const response = await post(
      { ...ceHeaders(EVENT_PATH, { 'content-type': 'application/json' }), ...bearer() },
      otherProject,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      outcome: 'ignored',
      reason: 'NOT_AN_EVENT_DOCUMENT',
      document_path: EVENT_PATH,
    });
    expect(response.body.message).toContain('another database');
    expect(doorbell.rung.items).toEqual([]);
  });

  it('answers 200 ignored when the projector has no such partition', async () => {
    doorbell.answer = { outcome: 'ignored', reason: 'partition 3 is outside the log' };
    const response = await post(
      { ...ceHeaders(EVENT_PATH), ...bearer() },
      protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp')),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'ignored', reason: 'PARTITION_OUT_OF_RANGE' });
  });

  it('percent-decodes ce-subject before comparing it with the document (CloudEvents HTTP binding)', async () => {
    const path = 'streams/tenant-acme_corp/events/0000000008';
    const subject = `documents/${path}`.replaceAll('/', '%2F').replace('acme_corp', 'acme%5Fcorp');
    const response = await post(
      { ...ceHeaders(path, { 'ce-subject': subject }), ...bearer() },
      protobufBytes(path, eventFields(4, 'acme_corp')),
    );
    expect(response.body).toMatchObject({ outcome: 'caught_up', partition: 4 });
    const other = await post(
      { ...ceHeaders(path, { 'ce-subject': 'documents%2Fsomething%2Felse' }), ...bearer() },
      protobufBytes(path, eventFields(4, 'acme_corp')),
    );
    expect(other.body).toMatchObject({ outcome: 'ignored', reason: 'INVALID_CLOUDEVENT' });
    expect(doorbell.rung.items).toEqual([4]);
  });

  it('answers 503 when the catch-up fails, so Eventarc delivers again, without leaking the failure', async () => {
    doorbell.failWith = new Error('warehouse unavailable: internal detail 7f3a');
    const response = await post(
      { ...ceHeaders(EVENT_PATH), ...bearer() },
      protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp')),
    );
    expect(response.status).toBe(503);
    expectErrorShape(response.body, 'CATCH_UP_FAILED');
    expect(JSON.stringify(response.body)).not.toContain('7f3a');
    expect(doorbell.rung.items).toEqual([3]);
    // The cause is logged for the operator.
    expect(logLines.some((line) => line.includes('7f3a') && line.includes(response.body.request_id))).toBe(true);
  });

  it('limits the body size: above the limit it is ignored (200) before ringing anything', async () => {
    const response = await post(
      { ...ceHeaders(EVENT_PATH), ...bearer() },
      Buffer.alloc(DEFAULT_EVENTARC_BODY_LIMIT_BYTES + 1, 0x0a),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'ignored', reason: 'BODY_TOO_LARGE' });
    expect(doorbell.rung.items).toEqual([]);
  });

  it('logs each catch-up with its partition and the events it projected; the request line only at debug', async () => {
    doorbell.answer = { outcome: 'caught_up', events: 7 };
    const before = logLines.length;
    const response = await post(
      { ...ceHeaders(EVENT_PATH), ...bearer() },
      protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp')),
    );
    expect(response.body).toMatchObject({ outcome: 'caught_up', events: 7 });
    const lines = logLines.slice(before).map((line) => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'eventarc catch-up', partition: 3, events: 7 })]);
  });

  it('leaves the JSON body parser of the other routes working', async () => {
    const response = await request(app)
      .post('/api/v1/tenants/onboard')
      .set(adminHeaders(service))
      .send({ tenant_id: 'json_probe', company_name: 42, contact_email: 'ops@example.com' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PAYLOAD');
    // Only a parsed body yields a problem at this path (an unparsed one fails at `body` itself).
    expect(response.body.details.problems).toEqual([expect.stringMatching(/^body\.company_name: /)]);
  });
});

describe('without a doorbell', () => {
  it('the route is not mounted', async () => {
    const bare = createApp({
      logger: createLogger('silent'),
      version: 'test',
      readiness: {},
      api: { ctx: service.ctx, auth: service.auth },
    });
    const response = await request(bare)
      .post('/eventarc/firestore')
      .set({ ...ceHeaders(EVENT_PATH), ...bearer() })
      .send(protobufBytes(EVENT_PATH, eventFields(3, 'acme_corp')));
    expect(response.status).toBe(404);
  });
});
