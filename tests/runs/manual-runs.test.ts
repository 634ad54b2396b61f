import request from 'supertest';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { admin, bootstrapAndOnboard, deliver, onboardTenants, runEvents } from './support';

/**
 * Manual runs through the tenant API: scopes, idempotency, the open-run answer, reads and listing. One service
 * for the file; every test (or its describe) onboards its own tenants, so no test sees another's runs.
 */
const PIPELINE = 'demo/health/warehouse_check';
let service: TestService;

interface HandTenant {
  readonly tenantId: string;
  /** The key onboarding issued (all scopes). */
  readonly tenantKey: string;
  readonly readOnlyKey: string;
  readonly executeKey: string;
}

beforeAll(async () => {
  service = await startTestService();
  await bootstrapAndOnboard(service, []);
});
afterAll(async () => {
  await service?.stop();
});
// Each test counts the tasks it dispatches itself.
beforeEach(() => {
  service.dispatcher.take();
});

/** Onboards a tenant with its own read-only and execute keys. */
async function handTenant(tenantId: string, plan = 'PROFESSIONAL'): Promise<HandTenant> {
  const keys = await onboardTenants(service, [{ tenantId, plan }]);
  const issue = async (scopes: string[]) => {
    const res = await request(service.app)
      .post(`/api/v1/tenants/${tenantId}/api-keys`)
      .set(admin(service))
      .send({ name: scopes.join('-').replace(/:/g, '_'), scopes });
    if (res.status !== 201) throw new Error(`issue key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.api_key as string;
  };
  return {
    tenantId,
    tenantKey: keys[tenantId] as string,
    readOnlyKey: await issue(['pipelines:read']),
    executeKey: await issue(['pipelines:execute']),
  };
}

const runManual = (
  tenant: HandTenant,
  key: string,
  options: { pipeline?: string; body?: object; idempotencyKey?: string } = {},
) => {
  const req = request(service.app)
    .post(`/api/v1/pipelines/run/${tenant.tenantId}/${options.pipeline ?? PIPELINE}`)
    .set('X-API-Key', key);
  return (options.idempotencyKey ? req.set('Idempotency-Key', options.idempotencyKey) : req).send(options.body ?? {});
};
const listRuns = (tenant: HandTenant, query: Record<string, string>) =>
  request(service.app).get('/api/v1/pipelines/runs').set('X-API-Key', tenant.tenantKey).query(query);

/** The one task the last request dispatched, delivered to the end. */
async function runDispatchedTask(): Promise<RecordedTask> {
  const tasks = service.dispatcher.take();
  expect(tasks).toHaveLength(1);
  const task = tasks[0] as RecordedTask;
  expect((await deliver(service, task)).body).toMatchObject({ runId: task.runId, status: 'succeeded', executed: true });
  return task;
}

/** A manual run at `now` with the execute key, delivered until it succeeded. */
async function succeededRunAt(tenant: HandTenant, now: string): Promise<string> {
  service.setNow(new Date(now));
  expect((await runManual(tenant, tenant.executeKey)).status).toBe(202);
  return (await runDispatchedTask()).runId;
}

describe('manual runs', () => {
  it('needs pipelines:execute: a read-only key gets 403 and starts nothing', async () => {
    const tenant = await handTenant('hand_read_only');
    service.setNow(new Date('2026-08-03T09:00:00Z'));
    const res = await runManual(tenant, tenant.readOnlyKey);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('FORBIDDEN');
    expect(service.dispatcher.tasks).toHaveLength(0);
    expect((await listRuns(tenant, {})).body.runs).toEqual([]);
  });

  it('with pipelines:execute: 202 and a queued run; a second request while it is open answers 200 with that run', async () => {
    const tenant = await handTenant('hand_open');
    service.setNow(new Date('2026-08-03T09:00:00Z'));
    const res = await runManual(tenant, tenant.executeKey);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      run_id: expect.stringMatching(/^hand_open--manual--/),
      status: 'queued',
      existing: false,
    });

    service.setNow(new Date('2026-08-03T09:01:00Z'));
    const again = await runManual(tenant, tenant.executeKey);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ run_id: res.body.run_id, status: 'queued', existing: true });

    const task = await runDispatchedTask();
    expect(task.runId).toBe(res.body.run_id);
    expect((await runEvents(service, task.runId)).filter((e) => e.type === 'RunRequested')).toHaveLength(1);
    expect((await listRuns(tenant, {})).body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([task.runId]);
  });

  it('the same Idempotency-Key twice names one run, even after it finished', async () => {
    const tenant = await handTenant('hand_idempotent');
    service.setNow(new Date('2026-08-03T09:10:00Z'));
    const first = await runManual(tenant, tenant.executeKey, { idempotencyKey: 'nightly-retry-0001' });
    expect(first.status).toBe(202);
    expect(first.body.run_id).toBe('hand_idempotent--manual--nightly-retry-0001');
    await runDispatchedTask();

    service.setNow(new Date('2026-08-03T09:11:00Z'));
    const repeat = await runManual(tenant, tenant.executeKey, { idempotencyKey: 'nightly-retry-0001' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ run_id: first.body.run_id, status: 'succeeded', existing: true });
    expect(service.dispatcher.tasks).toHaveLength(0);
    expect((await listRuns(tenant, {})).body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([
      first.body.run_id,
    ]);
  });

  it('GET /runs/{id} is tenant-scoped', async () => {
    const tenant = await handTenant('hand_scoped');
    const other = await handTenant('hand_scoped_other', 'STARTER');
    const runId = await succeededRunAt(tenant, '2026-08-03T09:00:00Z');
    const own = await request(service.app).get(`/api/v1/pipelines/runs/${runId}`).set('X-API-Key', tenant.tenantKey);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      run_id: runId,
      tenant_id: tenant.tenantId,
      trigger: 'manual',
      status: 'succeeded',
      pipeline: PIPELINE,
    });

    const foreign = await request(service.app).get(`/api/v1/pipelines/runs/${runId}`).set('X-API-Key', other.tenantKey);
    // Another tenant's run answers as a missing one would (tests/http/authorize-before-load.test.ts).
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('RUN_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('succeeded');
  });

  it('lists by status, newest first, in pages', async () => {
    const tenant = await handTenant('hand_listed');
    const succeededRuns = [
      await succeededRunAt(tenant, '2026-08-03T09:00:00Z'),
      await succeededRunAt(tenant, '2026-08-03T09:10:00Z'),
      await succeededRunAt(tenant, '2026-08-03T09:20:00Z'),
    ];
    // A fourth run left queued: the status filter must leave it out.
    service.setNow(new Date('2026-08-03T09:30:00Z'));
    const queued = await runManual(tenant, tenant.executeKey);
    expect(queued.body.status).toBe('queued');
    service.dispatcher.take();

    const page1 = await listRuns(tenant, { status: 'succeeded', limit: '2' });
    expect(page1.status).toBe(200);
    expect(page1.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([succeededRuns[2], succeededRuns[1]]);
    expect(page1.body.next_cursor).toEqual(expect.any(String));

    const page2 = await listRuns(tenant, { status: 'succeeded', limit: '2', cursor: page1.body.next_cursor });
    expect(page2.status).toBe(200);
    expect(page2.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([succeededRuns[0]]);
    expect(page2.body.next_cursor).toBeNull();

    const open = await listRuns(tenant, { status: 'queued' });
    expect(open.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([queued.body.run_id]);
  });
});

describe('manual run refusals', () => {
  // The refusals change nothing, so they share one tenant.
  let tenant: HandTenant;
  beforeAll(async () => {
    tenant = await handTenant('hand_refused');
    service.setNow(new Date('2026-08-03T09:00:00Z'));
  });

  it('an unknown pipeline: 404 PIPELINE_NOT_FOUND', async () => {
    const res = await runManual(tenant, tenant.executeKey, { pipeline: 'demo/health/no_such_check' });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('PIPELINE_NOT_FOUND');
    expect(service.dispatcher.tasks).toHaveLength(0);
  });

  it('a parameter the pipeline does not declare, or of the wrong type: 400 naming it', async () => {
    const unknown = await runManual(tenant, tenant.executeKey, { body: { parameters: { no_such_parameter: 1 } } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('no_such_parameter');
    const wrongType = await runManual(tenant, tenant.executeKey, {
      body: { parameters: { fail_on_purpose: 'sometimes' } },
    });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain('fail_on_purpose');
    expect(service.dispatcher.tasks).toHaveLength(0);
  });

  it('a suspended tenant: 403 TENANT_NOT_ACTIVE to its own key and to the admin key alike, and nothing runs', async () => {
    const suspendedTenant = await handTenant('hand_suspended', 'STARTER');
    const suspended = await request(service.app)
      .post('/api/v1/tenants/hand_suspended/suspend')
      .set(admin(service))
      .send({});
    expect(suspended.status).toBe(200);
    const byAdmin = await request(service.app)
      .post(`/api/v1/pipelines/run/hand_suspended/${PIPELINE}`)
      .set(admin(service))
      .send({});
    const byOwnKey = await request(service.app)
      .post(`/api/v1/pipelines/run/hand_suspended/${PIPELINE}`)
      .set('X-API-Key', suspendedTenant.tenantKey)
      .send({});
    // The key is refused by authentication, the admin by the use case: one code, one status.
    for (const res of [byAdmin, byOwnKey]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('TENANT_NOT_ACTIVE');
    }
    expect(service.dispatcher.tasks).toHaveLength(0);
    const reactivated = await request(service.app)
      .post('/api/v1/tenants/hand_suspended/reactivate')
      .set(admin(service));
    expect(reactivated.status).toBe(200);
  });

  it('a cursor this service did not issue: 400 INVALID_CURSOR', async () => {
    for (const cursor of [Buffer.from('not json').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const res = await listRuns(tenant, { cursor });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_CURSOR');
    }
  });
});
