import type { EventStore, NewEvent } from '../../src/eventstore';
import { timed } from '../support';

/** Events per seeded run: requested, queued, started, 3 × (step started, step succeeded), succeeded. */
export const EVENTS_PER_RUN = 10;
const STEPS = ['extract', 'transform', 'load'];
const LIMITS = { dailyRuns: 10_000, monthlyRuns: 300_000, concurrentRuns: 50 };

const tenantIdOf = (n: number) => `bench_tenant_${String(n).padStart(4, '0')}`;

/** A tenant's stream: onboarded, provisioned, a key and a schedule (what the central tables start from). */
function tenantEvents(tenantId: string, at: string): NewEvent[] {
  return [
    {
      type: 'TenantOnboarded',
      data: {
        tenantId,
        companyName: `Bench ${tenantId}`,
        contactEmail: `ops@${tenantId}.example`,
        plan: 'SCALE',
        limits: LIMITS,
        timezone: 'UTC',
        billingAccountIds: ['000000-000000-000000'],
        onboardedAt: at,
      },
    },
    {
      type: 'TenantProvisioned',
      data: {
        dataset: tenantId,
        objects: ['onboarding_validation_test', 'tenant_comprehensive_view'],
        provisionedAt: at,
      },
    },
    {
      type: 'ApiKeyIssued',
      data: {
        keyId: `key_${tenantId}`,
        name: 'bench',
        keyHash: 'a'.repeat(64),
        scopes: ['pipelines:read', 'pipelines:execute'],
        expiresAt: null,
        issuedAt: at,
      },
    },
    {
      type: 'ScheduleCreated',
      data: {
        schedule: {
          configId: 'daily_cost',
          provider: 'gcp',
          domain: 'cost',
          template: 'billing_cost_daily',
          cron: '0 * * * *',
          timezone: 'UTC',
          priority: 5,
          catchupWindowMinutes: 120,
          overlapPolicy: 'skip',
          parameters: {},
          active: true,
        },
        createdAt: at,
      },
    },
  ];
}

/** One finished run, as the service records it. */
function runEvents(tenantId: string, runId: string, at: Date): NewEvent[] {
  const iso = (offsetMs: number) => new Date(at.getTime() + offsetMs).toISOString();
  const day = iso(0).slice(0, 10);
  const pipeline = { provider: 'gcp', domain: 'cost', template: 'billing_cost_daily' };
  const events: NewEvent[] = [
    {
      type: 'RunRequested',
      data: {
        runId,
        tenantId,
        pipeline,
        pipelineId: 'gcp/cost/billing_cost_daily',
        trigger: 'schedule',
        configId: 'daily_cost',
        scheduledTime: iso(0),
        date: day,
        parameters: {},
        priority: 5,
        overlapPolicy: 'skip',
        maxAttempts: 1,
        requestedAt: iso(0),
      },
    },
    { type: 'RunQueued', data: { taskName: `${runId}-g1`, generation: 1, notBefore: null, queuedAt: iso(10) } },
    {
      type: 'RunStarted',
      data: {
        attempt: 1,
        workerId: 'bench',
        resumed: false,
        usageDay: day,
        usageMonth: day.slice(0, 7),
        startedAt: iso(20),
      },
    },
  ];
  STEPS.forEach((stepId, index) => {
    events.push({
      type: 'StepStarted',
      data: { stepId, attempt: 1, runAttempt: 1, jobId: `${runId}_${stepId}_1`, startedAt: iso(100 + index * 1000) },
    });
    events.push({
      type: 'StepSucceeded',
      data: {
        stepId,
        attempt: 1,
        runAttempt: 1,
        details: { rowsAffected: 100 + index },
        finishedAt: iso(900 + index * 1000),
      },
    });
  });
  events.push({ type: 'RunSucceeded', data: { attempt: 1, durationMs: 3_000, finishedAt: iso(3_020) } });
  return events;
}

export interface SeedPlan {
  readonly tenants: number;
  readonly runs: number;
  /** Distinguishes several seedings of one log (run ids stay unique). */
  readonly label: string;
  /** Tenant streams are created only once per log. */
  readonly withTenants: boolean;
}

/** Appends the plan's tenants and runs (each run one append of its whole stream), 64 appends in flight; returns events written. */
export async function seedLog(store: EventStore, plan: SeedPlan): Promise<number> {
  const start = Date.parse('2026-11-01T00:00:00Z');
  if (plan.withTenants) {
    await timed(plan.tenants, 32, (n) =>
      store.append(`tenant-${tenantIdOf(n)}`, 'no_stream', tenantEvents(tenantIdOf(n), new Date(start).toISOString()), {
        tenantId: tenantIdOf(n),
        actor: 'bench',
      }),
    );
  }
  await timed(plan.runs, 64, (i) => {
    const tenantId = tenantIdOf(i % plan.tenants);
    const runId = `${tenantId}--${plan.label}--${String(i).padStart(7, '0')}`;
    return store.append(`run-${runId}`, 'no_stream', runEvents(tenantId, runId, new Date(start + i * 60_000)), {
      tenantId,
      actor: 'bench',
    });
  });
  return (plan.withTenants ? plan.tenants * 4 : 0) + plan.runs * EVENTS_PER_RUN;
}
