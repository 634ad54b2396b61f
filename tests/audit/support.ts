import request from 'supertest';
import type { RecordedEvent } from '../../src/eventstore';
import { deliver } from '../runs/support';
import { adminHeaders } from '../support/http-fixtures';
import type { TestService } from '../support/service';

export const DEMO_PIPELINE = 'demo/health/warehouse_check';

/** Every event of a tenant as the store reads it back (the oracle the audit is compared with). */
export async function storedTenantEvents(service: TestService, tenantId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of service.ctx.store.readTenant(tenantId)) events.push(event);
  return events;
}

/** A commit time in milliseconds, rounded up: an as-of instant that includes that commit. */
export const ceilMillis = (event: RecordedEvent): number =>
  Math.ceil(event.recordedAt.seconds * 1000 + event.recordedAt.nanoseconds / 1e6);

/** A manual run of the demo pipeline, requested and delivered to the end. */
export async function runToSuccess(service: TestService, tenantId: string): Promise<string> {
  const requested = await request(service.app)
    .post(`/api/v1/pipelines/run/${tenantId}/${DEMO_PIPELINE}`)
    .set(adminHeaders(service))
    .send({});
  if (requested.status !== 202) throw new Error(`manual run: ${requested.status} ${JSON.stringify(requested.body)}`);
  const tasks = service.dispatcher.take();
  if (tasks.length !== 1 || !tasks[0]) throw new Error(`expected one dispatched task, got ${tasks.length}`);
  const delivered = await deliver(service, tasks[0]);
  if (delivered.body?.status !== 'succeeded')
    throw new Error(`delivery: ${delivered.status} ${JSON.stringify(delivered.body)}`);
  return tasks[0].runId;
}

export function adminAudit(service: TestService, tenantId: string, asOf?: string): Promise<request.Response> {
  const req = request(service.app).get(`/api/v1/admin/audit/tenants/${tenantId}`).set(adminHeaders(service));
  return (asOf === undefined ? req : req.query({ as_of: asOf })).then((response) => response);
}

export async function ok<T = Record<string, unknown>>(pending: PromiseLike<request.Response>): Promise<T> {
  const response = await pending;
  if (response.status >= 300) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body as T;
}
