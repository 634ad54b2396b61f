import * as t from 'io-ts';

export const PlanName = t.keyof({ STARTER: null, PROFESSIONAL: null, SCALE: null }, 'PlanName');
export type PlanName = t.TypeOf<typeof PlanName>;

export interface PlanLimits {
  readonly dailyRuns: number;
  readonly monthlyRuns: number;
  readonly concurrentRuns: number;
}

/** Daily / monthly / concurrent runs per plan; enforced for scheduled and manual runs alike. */
export const PLAN_LIMITS: Readonly<Record<PlanName, PlanLimits>> = {
  STARTER: { dailyRuns: 6, monthlyRuns: 180, concurrentRuns: 1 },
  PROFESSIONAL: { dailyRuns: 25, monthlyRuns: 750, concurrentRuns: 3 },
  SCALE: { dailyRuns: 100, monthlyRuns: 3000, concurrentRuns: 10 },
};

export const PlanLimitsCodec = t.readonly(
  t.type({ dailyRuns: t.number, monthlyRuns: t.number, concurrentRuns: t.number }),
);
