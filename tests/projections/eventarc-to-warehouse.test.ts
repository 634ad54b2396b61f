import request from 'supertest';
import type { RecordedEvent } from '../../src/eventstore';
import { projectBatch } from '../../src/projections/runtime/project-batch';
import { StreamPrefixCache } from '../../src/projections/runtime/stream-prefixes';
import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import { ceHeaders, eventFields, protobufBytes } from '../eventarc/fixtures';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, createSchedule, deliver, serviceAuth, trigger } from '../runs/support';

/**
 * The whole path with the real projections: an Eventarc delivery for an event document → its partition caught
 * up → the rows in the central tables and the tenant's view. Then every event of the log applied twice, in a
 * shuffled order and odd batches, into a fresh dataset: the tables come out identical to the live ones.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-11-27T05:30:00Z'));
  await bootstrapAndOnboard(service, [
    { tenantId: 'doorbell_co', plan: 'PROFESSIONAL' },
    { tenantId: 'other_co', plan: 'STARTER' },
  ]);
  await createSchedule(service, 'doorbell_co', {
    config_id: 'hourly',
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
  });
});
afterAll(async () => {
  await service?.stop();
});

const rowsOf = async (sql: string) => (await service.ctx.warehouse.runQuery(sql)).rows;

async function ring(event: RecordedEvent): Promise<request.Response> {
  const path = event.position.path;
  return (
    request(service.app)
      .post('/eventarc/firestore')
      .set(serviceAuth(service))
      .set(ceHeaders(path))
      // A delivery names the document in the service's own project, as Eventarc's would.
      .send(protobufBytes(path, eventFields(event.partition, event.tenantId), { projectId: service.ctx.projectId }))
  );
}

describe('Eventarc → projections → warehouse', () => {
  it("projects a run's rows once its last event's doorbell is answered", async () => {
    service.setNow(new Date('2026-11-27T06:00:05Z'));
    expect((await trigger(service, '2026-11-27T06:00:00Z')).status).toBe(200);
    const [task] = service.dispatcher.take();
    if (!task) throw new Error('no task');
    expect((await deliver(service, task)).body).toMatchObject({ status: 'succeeded', executed: true });
    const { events } = await service.ctx.store.readStream(`run-${task.runId}`);
    const answer = await ring(events[events.length - 1]!);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'caught_up', partition: events[0]!.partition });

    expect(
      await rowsOf(
        `SELECT run_id, status, schedule_id FROM \`${CENTRAL_DATASET}.tenant_pipeline_runs\` WHERE tenant_id = 'doorbell_co'`,
      ),
    ).toEqual([{ run_id: task.runId, status: 'SUCCEEDED', schedule_id: 'hourly' }]);
    const steps = await rowsOf(
      `SELECT step_id, status FROM \`${CENTRAL_DATASET}.tenant_step_logs\` WHERE run_id = '${task.runId}'`,
    );
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((step) => step.status === 'SUCCEEDED')).toBe(true);
    const view = await rowsOf(
      'SELECT tenant_id, run_id, run_status, plan FROM `doorbell_co.tenant_comprehensive_view`',
    );
    expect(view).toEqual([
      { tenant_id: 'doorbell_co', run_id: task.runId, run_status: 'SUCCEEDED', plan: 'PROFESSIONAL' },
    ]);
  });

  it('answers the same delivery again without projecting anything twice', async () => {
    let last: RecordedEvent | undefined;
    for await (const event of service.ctx.store.readTenant('doorbell_co')) last = event;
    // The first delivery (answered once everything is projected), whichever test ran before.
    expect((await ring(last!)).status).toBe(200);
    const before = await rowsOf(`SELECT COUNT(*) AS n FROM \`${CENTRAL_DATASET}.tenant_event_log\``);
    expect(Number(before[0]?.n)).toBeGreaterThan(0);
    const answers = await Promise.all([ring(last!), ring(last!), ring(last!)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await rowsOf(`SELECT COUNT(*) AS n FROM \`${CENTRAL_DATASET}.tenant_event_log\``)).toEqual(before);
  });

  it('rebuilds identical tables from every event applied twice in a shuffled order', async () => {
    expect((await service.ctx.projections.live.catchUpAll()).every((outcome) => outcome.status === 'done')).toBe(true);
    const events: RecordedEvent[] = [];
    for (let partition = 0; partition < service.ctx.projections.store.partitions; partition += 1) {
      events.push(...(await service.ctx.projections.store.readPartition(partition, { limit: 10_000 })).events);
    }
    const dataset = 'shuffled_rebuild';
    await service.ctx.warehouse.ensureDataset(dataset);
    for (const table of service.ctx.projections.tables) await service.ctx.warehouse.ensureTable(dataset, table);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const twice = [...events, ...events]
      .map((event) => ({ event, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.event);
    const target = {
      warehouse: service.ctx.warehouse,
      dataset,
      projections: service.ctx.projections.definitions,
      readStream: async (streamId: string) => (await service.ctx.projections.store.readStream(streamId)).events,
      cache: new StreamPrefixCache(),
      timeoutMs: 60_000,
    };
    for (let i = 0; i < twice.length; i += 7) await projectBatch(twice.slice(i, i + 7), target);
    for (const table of service.ctx.projections.tables) {
      const [live, rebuilt] = await Promise.all([
        service.ctx.warehouse.checksumTable({ dataset: CENTRAL_DATASET, table: table.name }),
        service.ctx.warehouse.checksumTable({ dataset, table: table.name }),
      ]);
      expect({ table: table.name, ...rebuilt }).toEqual({ table: table.name, ...live });
    }
  });

  it('shows a tenant none of the other tenant rows, and refuses a delivery without service auth', async () => {
    expect(await rowsOf('SELECT DISTINCT tenant_id FROM `other_co.tenant_comprehensive_view`')).toEqual([
      { tenant_id: 'other_co' },
    ]);
    const unauthorised = await request(service.app)
      .post('/eventarc/firestore')
      .set(ceHeaders('streams/x/events/0000000001'))
      .send(Buffer.from('x'));
    expect(unauthorised.status).toBe(401);
    expect((await request(service.app).get('/health/ready').set(admin(service))).body.checks).toMatchObject({
      firestore: 'ok',
      warehouse: 'ok',
    });
  });
});
