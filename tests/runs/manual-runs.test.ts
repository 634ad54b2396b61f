import request from 'supertest';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { admin, bootstrapAndOnboard, deliver, runEvents } from './support';

/** Manual runs through the tenant API: scopes, idempotency, the open-run answer, reads and listing. */
const TENANT = 'hand_co';
const PIPELINE = 'demo/health/warehouse_check';
let service: TestService;
let keys: Record<string, string>;
let readOnlyKey: string;
let executeKey: string;

beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-08-03T09:00:00Z'));
  keys = await bootstrapAndOnboard(service, [
    { tenantId: TENANT, plan: 'PROFESSIONAL' },
    { tenantId: 'other_co', plan: 'STARTER' },
  ]);
  const issue = async (scopes: string[]) => {
    const res = await request(service.app)
      .post(`/api/v1/tenants/${TENANT}/api-keys`)
      .set(admin(service))
      .send({ name: scopes.join('-').replace(/:/g, '_'), scopes });
    if (res.status !== 201) throw new Error(`issue key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.api_key as string;
  };
  readOnlyKey = await issue(['pipelines:read']);
  executeKey = await issue(['pipelines:execute']);
});
afterAll(async () => {
  await service?.stop();
});

const runManual = (key: string, options: { pipeline?: string; body?: object; idempotencyKey?: string } = {}) => {
  const req = request(service.app)
    .post(`/api/v1/pipelines/run/${TENANT}/${options.pipeline ?? PIPELINE}`)
    .set('X-API-Key', key);
  return (options.idempotencyKey ? req.set('Idempotency-Key', options.idempotencyKey) : req).send(options.body ?? {});
};
const listRuns = (query: Record<string, string>) =>
  request(service.app)
    .get('/api/v1/pipelines/runs')
    .set('X-API-Key', keys[TENANT] as string)
    .query(query);

/** The one task the last request dispatched, delivered to the end. */
async function runDispatchedTask(): Promise<RecordedTask> {
  const tasks = service.dispatcher.take();
  expect(tasks).toHaveLength(1);
  const task = tasks[0] as RecordedTask;
  expect((await deliver(service, task)).body).toMatchObject({ runId: task.runId, status: 'succeeded', executed: true });
  return task;
}

/** Run ids in the order they were requested (the listing shows them newest first). */
const succeededRuns: string[] = [];

describe('manual runs', () => {
  it('needs pipelines:execute: a read-only key gets 403 and starts nothing', async () => {
    const res = await runManual(readOnlyKey);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('FORBIDDEN');
    expect(service.dispatcher.tasks).toHaveLength(0);
    expect((await listRuns({})).body.runs).toEqual([]);
  });

  it('with pipelines:execute: 202 and a queued run; a second request while it is open answers 200 with that run', async () => {
    const res = await runManual(executeKey);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      run_id: expect.stringMatching(/^hand_co--manual--/),
      status: 'queued',
      existing: false,
    });

    service.setNow(new Date('2026-08-03T09:01:00Z'));
    const again = await runManual(executeKey);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ run_id: res.body.run_id, status: 'queued', existing: true });

    const task = await runDispatchedTask();
    expect(task.runId).toBe(res.body.run_id);
    succeededRuns.push(task.runId);
    expect((await runEvents(service, task.runId)).filter((e) => e.type === 'RunRequested')).toHaveLength(1);
  });

  it('the same Idempotency-Key twice names one run, even after it finished', async () => {
    service.setNow(new Date('2026-08-03T09:10:00Z'));
    const first = await runManual(executeKey, { idempotencyKey: 'nightly-retry-0001' });
    expect(first.status).toBe(202);
    expect(first.body.run_id).toBe('hand_co--manual--nightly-retry-0001');
    succeededRuns.push((await runDispatchedTask()).runId);

    service.setNow(new Date('2026-08-03T09:11:00Z'));
    const repeat = await runManual(executeKey, { idempotencyKey: 'nightly-retry-0001' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ run_id: first.body.run_id, status: 'succeeded', existing: true });
    expect(service.dispatcher.tasks).toHaveLength(0);
    expect((await listRuns({})).body.runs).toHaveLength(2);
  });

  it('GET /runs/{id} is tenant-scoped', async () => {
    const runId = succeededRuns[0] as string;
    const own = await request(service.app)
      .get(`/api/v1/pipelines/runs/${runId}`)
      .set('X-API-Key', keys[TENANT] as string);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      run_id: runId,
      tenant_id: TENANT,
      trigger: 'manual',
      status: 'succeeded',
      pipeline: PIPELINE,
    });

    const foreign = await request(service.app)
      .get(`/api/v1/pipelines/runs/${runId}`)
      .set('X-API-Key', keys.other_co as string);
    // Another tenant's run answers as a missing one would (tests/http/authorize-before-load.test.ts).
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('RUN_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('succeeded');
  });

  it('lists by status, newest first, in pages', async () => {
    service.setNow(new Date('2026-08-03T09:20:00Z'));
    expect((await runManual(executeKey)).status).toBe(202);
    succeededRuns.push((await runDispatchedTask()).runId);
    // A fourth run left queued: the status filter must leave it out.
    service.setNow(new Date('2026-08-03T09:30:00Z'));
    const queued = await runManual(executeKey);
    expect(queued.body.status).toBe('queued');
    service.dispatcher.take();

    const page1 = await listRuns({ status: 'succeeded', limit: '2' });
    expect(page1.status).toBe(200);
    expect(page1.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([succeededRuns[2], succeededRuns[1]]);
    expect(page1.body.next_cursor).toEqual(expect.any(String));

    const page2 = await listRuns({ status: 'succeeded', limit: '2', cursor: page1.body.next_cursor });
    expect(page2.status).toBe(200);
    expect(page2.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([succeededRuns[0]]);
    expect(page2.body.next_cursor).toBeNull();

    const open = await listRuns({ status: 'queued' });
    expect(open.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([queued.body.run_id]);
  });
});

describe('manual run refusals', () => {
  it('an unknown pipeline: 404 PIPELINE_NOT_FOUND', async () => {
    const res = await runManual(executeKey, { pipeline: 'demo/health/no_such_check' });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('PIPELINE_NOT_FOUND');
  });

  it('a parameter the pipeline does not declare, or of the wrong type: 400 naming it', async () => {
    const unknown = await runManual(executeKey, { body: { parameters: { no_such_parameter: 1 } } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('no_such_parameter');
    const wrongType = await runManual(executeKey, { body: { parameters: { fail_on_purpose: 'sometimes' } } });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain('fail_on_purpose');
    expect(service.dispatcher.tasks).toHaveLength(0);
  });

  it('a suspended tenant: 403 TENANT_NOT_ACTIVE to its own key and to the admin key alike, and nothing runs', async () => {
    const suspended = await request(service.app).post('/api/v1/tenants/other_co/suspend').set(admin(service)).send({});
    expect(suspended.status).toBe(200);
    const byAdmin = await request(service.app)
      .post(`/api/v1/pipelines/run/other_co/${PIPELINE}`)
      .set(admin(service))
      .send({});
    const byOwnKey = await request(service.app)
      .post(`/api/v1/pipelines/run/other_co/${PIPELINE}`)
      .set('X-API-Key', keys.other_co as string)
      .send({});
    // The key is refused by authentication, the admin by the use case: one code, one status.
    for (const res of [byAdmin, byOwnKey]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('TENANT_NOT_ACTIVE');
    }
    expect(service.dispatcher.tasks).toHaveLength(0);
    const reactivated = await request(service.app).post('/api/v1/tenants/other_co/reactivate').set(admin(service));
    expect(reactivated.status).toBe(200);
  });

  it('a cursor this service did not issue: 400 INVALID_CURSOR', async () => {
    for (const cursor of [Buffer.from('not json').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const res = await listRuns({ cursor });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_CURSOR');
    }
  });
});
