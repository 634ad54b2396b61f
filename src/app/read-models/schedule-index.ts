import type { Firestore } from '@google-cloud/firestore';
import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import type { InlineWrite } from '../../eventstore';
import { ScheduleIndexEntry, ScheduleNextRun } from './codecs';
import { decodeDocument, MalformedReadModel } from './decode-document';

export const SCHEDULE_INDEX = 'schedule_index';
export const scheduleIndexPath = (tenantId: string, configId: string) => `${SCHEDULE_INDEX}/${tenantId}__${configId}`;

/** A schedule as the trigger uses it: its index entry decoded, parameters parsed back from their JSON text. */
export type IndexedSchedule = Omit<ScheduleSpec, 'parameters'> & {
  readonly tenantId: string;
  readonly nextRunAt: string;
  readonly path: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly lastRequestedRunId?: string;
};

/** The trigger's port onto `schedule_index` (written with the tenant's events, see tenant-inline-writes). */
export interface ScheduleIndex {
  /**
   * Active schedules whose next fire time is at or before `tick`; entries that do not decode are listed apart,
   * so one damaged document does not stop every other tenant's schedules.
   */
  due(
    tick: Date,
  ): Promise<{ readonly schedules: readonly IndexedSchedule[]; readonly malformed: readonly MalformedReadModel[] }>;
  /** The earliest next fire time of any active schedule. */
  nextFireTime(): Promise<string | null>;
  /**
   * Moves a schedule past a fire time whose run already existed (a repeated tick), in a transaction that never
   * moves it backwards: a concurrent pass that went further keeps its position.
   */
  catchUp(schedule: IndexedSchedule, fire: Date, advance: ScheduleAdvance): Promise<void>;
}

/** Where the schedule stands after a fire time: written in the same commit as that fire's run. */
export interface ScheduleAdvance {
  readonly lastFireAt: string;
  readonly nextRunAt: string | null;
  readonly lastRequestedRunId?: string;
}

export function scheduleAdvance(fire: Date, following: Date | undefined, requestedRunId?: string): ScheduleAdvance {
  return {
    lastFireAt: fire.toISOString(),
    nextRunAt: following ? following.toISOString() : null,
    ...(requestedRunId ? { lastRequestedRunId: requestedRunId } : {}),
  };
}

export const advanceWrite = (schedule: IndexedSchedule, advance: ScheduleAdvance): InlineWrite => ({
  op: 'set',
  path: schedule.path,
  data: { ...advance },
  merge: true,
});

function parsedParameters(path: string, json: string): Record<string, unknown> {
  try {
    const parameters: unknown = JSON.parse(json);
    if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters))
      return parameters as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new MalformedReadModel(path, ['parametersJson: not the JSON text of an object']);
}

export function firestoreScheduleIndex(db: Firestore): ScheduleIndex {
  const active = () => db.collection(SCHEDULE_INDEX).where('active', '==', true);
  return {
    async due(tick) {
      const due = await active().where('nextRunAt', '<=', tick.toISOString()).get();
      const schedules: IndexedSchedule[] = [];
      const malformed: MalformedReadModel[] = [];
      for (const doc of due.docs) {
        try {
          const entry = decodeDocument(ScheduleIndexEntry, doc);
          if (!entry || entry.nextRunAt === null) continue;
          const { parametersJson, nextRunAt, ...rest } = entry;
          schedules.push({
            ...rest,
            nextRunAt,
            parameters: parsedParameters(doc.ref.path, parametersJson),
            path: doc.ref.path,
          });
        } catch (error) {
          if (!(error instanceof MalformedReadModel)) throw error;
          malformed.push(error);
        }
      }
      return { schedules, malformed };
    },
    async nextFireTime() {
      const next = await active().orderBy('nextRunAt').limit(1).get();
      // Only the field asked for: a schedule damaged elsewhere is reported by `due`, and must not fail the answer.
      const entry = next.docs[0] ? decodeDocument(ScheduleNextRun, next.docs[0]) : undefined;
      return entry?.nextRunAt ?? null;
    },
    async catchUp(schedule, fire, advance) {
      const ref = db.doc(schedule.path);
      await db.runTransaction(async (transaction) => {
        const entry = decodeDocument(ScheduleIndexEntry, await transaction.get(ref));
        if (!entry || entry.nextRunAt === null || Date.parse(entry.nextRunAt) > fire.getTime()) return;
        transaction.set(ref, { ...advance }, { merge: true });
      });
    },
  };
}
