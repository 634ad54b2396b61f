import request from 'supertest';
import type { RecordedTask } from '../../support/recording-dispatcher';
import type { TestService } from '../../support/service';
import { admin } from '../../runs/support';

/** Starts a manual run of `pipeline` (provider/domain/template) and takes the one task it dispatched. */
export async function manualRun(service: TestService, tenantId: string, pipeline: string): Promise<RecordedTask> {
  const started = await request(service.app)
    .post(`/api/v1/pipelines/run/${tenantId}/${pipeline}`)
    .set(admin(service))
    .send({});
  if (started.status !== 202)
    throw new Error(`manual run of ${pipeline}: ${started.status} ${JSON.stringify(started.body)}`);
  const [task, ...more] = service.dispatcher.take();
  if (!task || more.length > 0 || task.runId !== started.body.run_id)
    throw new Error(`expected one task for ${started.body.run_id}, got ${JSON.stringify([task, ...more])}`);
  return task;
}

/** The status of a run as its read model shows it. */
export async function runStatus(service: TestService, runId: string): Promise<unknown> {
  return (await service.ctx.db.doc(`runs/${runId}`).get()).get('status');
}
