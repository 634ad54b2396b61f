import * as t from 'io-ts';

export const OverlapPolicy = t.keyof(
  { skip: null, buffer_one: null, allow: null, cancel_other: null },
  'OverlapPolicy',
);
export type OverlapPolicy = t.TypeOf<typeof OverlapPolicy>;

/** A tenant's schedule of one pipeline, as recorded in its events. */
export const ScheduleSpec = t.readonly(
  t.type({
    configId: t.string,
    provider: t.string,
    domain: t.string,
    template: t.string,
    cron: t.string,
    timezone: t.string,
    priority: t.number,
    catchupWindowMinutes: t.number,
    overlapPolicy: OverlapPolicy,
    parameters: t.readonly(t.record(t.string, t.unknown)),
    active: t.boolean,
  }),
);
export type ScheduleSpec = t.TypeOf<typeof ScheduleSpec>;
