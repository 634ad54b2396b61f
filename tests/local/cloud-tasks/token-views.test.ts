import { TIMEOUT, startFixture, type Fixture } from './support/fixture';
import { ManualClock } from './support/manual-clock';

const TOKEN = 'local-service-token-that-must-never-be-returned-0123456789';
// The server's clock stands still: a task due in an hour is never dispatched while the test runs.
const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
const inAnHour = () => ({ seconds: Math.floor(clock.now() / 1000) + 3_600 });

describe('local Cloud Tasks: a task’s Authorization header is sent, never returned', () => {
  let fx: Fixture;
  let queue: string;

  beforeAll(async () => {
    fx = await startFixture({ clock });
    queue = await fx.createQueue('token-views');
  });
  afterAll(() => fx.stop());

  const taskWithToken = (id: string, authorizationHeader: string) => ({
    id,
    scheduleTime: new Date(clock.now() + 3_600_000),
    extra: {
      httpRequest: {
        url: `${fx.receiver.url}/work`,
        httpMethod: 'POST' as const,
        headers: { 'Content-Type': 'application/json', [authorizationHeader]: `Bearer ${TOKEN}` },
        body: Buffer.from('{}'),
      },
    },
  });

  it('CreateTask, GetTask and ListTasks answer without it in the BASIC and the FULL view', async () => {
    const created = await fx.createTask(queue, taskWithToken('views', 'Authorization'));
    const name = `${queue}/tasks/views`;
    const [createdFull] = await fx.client.createTask(
      {
        parent: queue,
        task: { ...taskWithToken('views-full', 'authorization').extra, name: `${name}-full`, scheduleTime: inAnHour() },
        responseView: 'FULL',
      },
      TIMEOUT,
    );
    const [basic] = await fx.client.getTask({ name }, TIMEOUT);
    const [full] = await fx.client.getTask({ name, responseView: 'FULL' }, TIMEOUT);
    const [listedBasic] = await fx.client.listTasks({ parent: queue }, TIMEOUT);
    const [listedFull] = await fx.client.listTasks({ parent: queue, responseView: 'FULL' }, TIMEOUT);

    const answers = [created, createdFull, basic, full, ...listedBasic, ...listedFull];
    expect(answers).toHaveLength(2 + 2 + 2 * 2);
    for (const answer of answers) {
      expect(answer.httpRequest?.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
    }
    await fx.client.deleteTask({ name }, TIMEOUT);
    await fx.client.deleteTask({ name: `${name}-full` }, TIMEOUT);
  }, 15_000);

  it('RunTask answers without it while the dispatched request carries it', async () => {
    await fx.createTask(queue, taskWithToken('dispatched', 'Authorization'));
    const name = `${queue}/tasks/dispatched`;
    const [ran] = await fx.client.runTask({ name, responseView: 'FULL' }, TIMEOUT);
    expect(JSON.stringify(ran)).not.toContain(TOKEN);
    await fx.events.waitFor('task-completed', name);
    const delivered = fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'dispatched');
    expect(delivered.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  }, 15_000);
});
