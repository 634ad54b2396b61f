import type { TenantEvent } from '../domain/tenant/events';
import { visibleStatus, type TenantState } from '../domain/tenant/state';
import { nextFireTime } from '../domain/schedule/cron';
import type { ScheduleSpec } from '../domain/schedule/schedule-spec';
import type { InlineWrite } from '../eventstore';
import {
  apiKeyPath,
  scheduleIndexPath,
  tenantDirectoryPath,
  type ApiKeyIndexEntry,
  type TenantDirectoryEntry,
} from './read-models';
import { ownEntry } from '../domain/own-entry';

/** The inline read-model writes that go with `events`, given the state after them. Pure: no I/O. */
export function tenantInlineWrites(
  after: TenantState,
  events: readonly TenantEvent[],
  revision: number,
  now: Date,
): InlineWrite[] {
  if (!after.exists) return [];
  const writes: InlineWrite[] = [];
  const directory: TenantDirectoryEntry = {
    tenantId: after.profile.tenantId,
    status: visibleStatus(after),
    plan: after.plan,
    limits: after.limits,
    companyName: after.profile.companyName,
    timezone: after.profile.timezone,
    revision,
  };
  writes.push({ op: 'set', path: tenantDirectoryPath(after.profile.tenantId), data: directory });

  for (const event of events) {
    if (event.type === 'ApiKeyIssued') {
      const entry: ApiKeyIndexEntry = {
        tenantId: after.profile.tenantId,
        keyHash: event.data.keyHash,
        scopes: event.data.scopes,
        expiresAt: event.data.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      };
      writes.push({ op: 'create', path: apiKeyPath(event.data.keyId), data: entry });
    }
    if (event.type === 'ApiKeyRevoked') {
      writes.push({
        op: 'set',
        path: apiKeyPath(event.data.keyId),
        data: { revokedAt: event.data.revokedAt },
        merge: true,
      });
    }
    if (event.type === 'ScheduleDeleted')
      writes.push({ op: 'delete', path: scheduleIndexPath(after.profile.tenantId, event.data.configId) });
  }
  for (const configId of schedulesToIndex(after, events)) {
    const schedule = ownEntry(after.schedules, configId);
    if (!schedule) continue;
    // Only an active schedule of an ACTIVE tenant is due; suspension parks every schedule, reactivation resumes them.
    const active = schedule.active && after.status === 'ACTIVE' && after.provisioning === 'COMPLETE';
    const next = active ? nextFireTime(schedule.cron, schedule.timezone, now) : undefined;
    writes.push({
      op: 'set',
      path: scheduleIndexPath(after.profile.tenantId, configId),
      // Merged, so what the trigger keeps here (lastFireAt, lastRequestedRunId) survives an update; the parameters
      // travel as JSON text because a merge would deep-merge a map and keep parameters the update removed.
      data: {
        tenantId: after.profile.tenantId,
        ...withoutParameters(schedule),
        parametersJson: JSON.stringify(schedule.parameters),
        active,
        nextRunAt: next ? next.toISOString() : null,
        updatedAt: now.toISOString(),
      },
      merge: true,
    });
  }
  return writes;
}

const withoutParameters = ({ parameters: _parameters, ...rest }: ScheduleSpec): Omit<ScheduleSpec, 'parameters'> =>
  rest;

const LIFECYCLE = new Set(['TenantSuspended', 'TenantReactivated', 'TenantOffboarded', 'TenantProvisioned']);

function schedulesToIndex(
  after: Extract<TenantState, { exists: true }>,
  events: readonly TenantEvent[],
): ReadonlySet<string> {
  if (events.some((e) => LIFECYCLE.has(e.type))) return new Set(Object.keys(after.schedules));
  return new Set(
    events.flatMap((e) =>
      e.type === 'ScheduleCreated' || e.type === 'ScheduleUpdated' ? [e.data.schedule.configId] : [],
    ),
  );
}
