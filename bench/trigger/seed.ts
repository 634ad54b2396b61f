import type { Firestore } from '@google-cloud/firestore';
import {
  scheduleIndexPath,
  tenantDirectoryPath,
  type ScheduleIndexEntry,
  type TenantDirectoryEntry,
} from '../../src/app/read-models';
import { PLAN_LIMITS } from '../../src/domain/plans';
import { timed } from '../support';
import { BENCH_DOMAIN, BENCH_PROVIDER, BENCH_TEMPLATES } from './noop-pipelines';

/** Hourly, so a tick on the hour makes every seeded schedule due exactly once. */
export const BENCH_CRON = '0 * * * *';
const TENANTS_PER_BATCH = 150; // 3 writes each: well under Firestore's 500 writes per commit
const BATCHES_IN_FLIGHT = 4;

export const benchTenantId = (index: number, prefix = 'bench_t') => `${prefix}${String(index).padStart(4, '0')}`;

export interface SeedOptions {
  /** Tenant ids are this plus a number (default `bench_t`). */
  readonly prefix?: string;
  /** The schedules' cron (default BENCH_CRON). */
  readonly cron?: string;
}

/**
 * Writes the read models the trigger and the executor read, directly: per tenant its directory entry (ACTIVE,
 * SCALE limits) and one `schedule_index` entry per bench pipeline, due at `tick`. Onboarding 1,000 tenants
 * through the use case (provisioning pipeline, warehouse datasets, tenant streams) would take minutes, and
 * none of it is read by what is measured: `triggerSchedules` reads only the schedule index (then writes run
 * streams it creates itself), and the execution gate reads only `tenants/{id}` plus documents it creates
 * (`concurrency/`, `usage_*`). The documents have exactly the shape tenantInlineWrites gives them.
 */
export async function seedTenants(db: Firestore, count: number, tick: Date, options: SeedOptions = {}): Promise<void> {
  const batches: (() => Promise<unknown>)[] = [];
  for (let first = 0; first < count; first += TENANTS_PER_BATCH) {
    const batch = db.batch();
    for (let index = first; index < Math.min(count, first + TENANTS_PER_BATCH); index += 1) {
      const tenantId = benchTenantId(index, options.prefix);
      const directory: TenantDirectoryEntry = {
        tenantId,
        status: 'ACTIVE',
        plan: 'SCALE',
        limits: PLAN_LIMITS.SCALE,
        companyName: `Bench tenant ${index}`,
        timezone: 'UTC',
        revision: 1,
      };
      batch.set(db.doc(tenantDirectoryPath(tenantId)), directory);
      for (const template of BENCH_TEMPLATES) {
        // Typed as the trigger decodes it, so the compiler catches a seed that drifts from the read model.
        const entry: ScheduleIndexEntry = {
          tenantId,
          configId: `${template}_hourly`,
          provider: BENCH_PROVIDER,
          domain: BENCH_DOMAIN,
          template,
          cron: options.cron ?? BENCH_CRON,
          timezone: 'UTC',
          priority: 5,
          catchupWindowMinutes: 60,
          overlapPolicy: 'skip',
          parametersJson: '{}',
          active: true,
          nextRunAt: tick.toISOString(),
        };
        batch.set(db.doc(scheduleIndexPath(tenantId, entry.configId)), {
          ...entry,
          updatedAt: new Date().toISOString(),
        });
      }
    }
    batches.push(() => batch.commit());
  }
  await timed(batches.length, BATCHES_IN_FLIGHT, (index) => (batches[index] as () => Promise<unknown>)());
}
