import { MalformedReadModel } from '../../src/app/read-models';
import { firestoreScheduleIndex, scheduleAdvance } from '../../src/app/read-models/schedule-index';
import { testFirestore } from '../support/firestore';

/** The trigger's port onto schedule_index, on the emulator: decoded entries, and a catch-up that never goes back. */
describe('schedule index', () => {
  const db = testFirestore();
  const index = firestoreScheduleIndex(db);
  afterAll(() => db.terminate());
  const entry = (configId: string, nextRunAt: string | null) => ({
    tenantId: 'acme',
    configId,
    provider: 'gcp',
    domain: 'billing',
    template: 'cost_billing',
    cron: '0 * * * *',
    timezone: 'UTC',
    priority: 5,
    catchupWindowMinutes: 60,
    overlapPolicy: 'skip',
    parametersJson: '{"table":"export"}',
    active: true,
    nextRunAt,
    updatedAt: '2026-12-07T09:00:00.000Z',
  });
  const at = (iso: string) => new Date(iso);

  it('lists due schedules decoded, parameters parsed, and the earliest next fire', async () => {
    await db.doc('schedule_index/acme__due').set(entry('due', '2026-12-07T10:00:00.000Z'));
    await db.doc('schedule_index/acme__later').set(entry('later', '2026-12-07T12:00:00.000Z'));
    const { schedules: due } = await index.due(at('2026-12-07T10:30:00.000Z'));
    expect(due.map((s) => [s.configId, s.parameters, s.path])).toEqual([
      ['due', { table: 'export' }, 'schedule_index/acme__due'],
    ]);
    expect(await index.nextFireTime()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('catches a schedule up past a fire whose run existed, but never moves it backwards', async () => {
    const path = 'schedule_index/acme__catchup';
    await db.doc(path).set(entry('catchup', '2026-12-07T10:00:00.000Z'));
    const [schedule] = (await index.due(at('2026-12-07T10:00:00.000Z'))).schedules.filter(
      (s) => s.configId === 'catchup',
    );
    if (!schedule) throw new Error('the schedule should be due');
    const fire = at('2026-12-07T10:00:00.000Z');
    await index.catchUp(schedule, fire, scheduleAdvance(fire, at('2026-12-07T11:00:00.000Z')));
    expect((await db.doc(path).get()).get('nextRunAt')).toBe('2026-12-07T11:00:00.000Z');
    // A concurrent pass went further (to 13:00); a late duplicate of 10:00 must not bring it back to 11:00.
    await db.doc(path).set({ nextRunAt: '2026-12-07T13:00:00.000Z' }, { merge: true });
    await index.catchUp(schedule, fire, scheduleAdvance(fire, at('2026-12-07T11:00:00.000Z')));
    expect((await db.doc(path).get()).get('nextRunAt')).toBe('2026-12-07T13:00:00.000Z');
  });

  it('names a malformed entry by path and field, apart from the schedules that decode', async () => {
    await db.doc('schedule_index/acme__broken').set({ ...entry('broken', '2026-12-07T09:00:00.000Z'), cron: 15 });
    await db.doc('schedule_index/acme__fine').set(entry('fine', '2026-12-07T09:00:00.000Z'));
    const { schedules, malformed } = await index.due(at('2026-12-07T09:30:00.000Z'));
    expect(schedules.map((s) => s.configId)).toEqual(['fine']);
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toBeInstanceOf(MalformedReadModel);
    expect(malformed[0]?.message).toMatch(/^Malformed read model schedule_index\/acme__broken: .*cron/);
  });
});
