import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { cronProblem } from '../../domain/schedule/cron';
import { OverlapPolicy, type ScheduleSpec } from '../../domain/schedule/schedule-spec';
import { formatLoadIssue, type PipelineDefinition } from '../../pipelines';
import { SEGMENT_PATTERN } from '../../pipelines/catalog/pipeline-catalog';
import { coerceValue } from '../../pipelines/variables/values';
import type { ServiceContext } from '../service-context';
import { TimezoneField } from '../tenants/tenant-fields';
import { mergeParameters, onboardedValuesOf, operatorValuesOf, type ParameterSetter } from './parameter-ownership';

const Segment = t.refinement(
  t.string,
  (s) => SEGMENT_PATTERN.test(s) && s !== 'setup',
  'path segment (a-z, 0-9, _ or -; not "setup")',
);
const ConfigId = t.refinement(
  t.string,
  (s) => /^[a-z0-9][a-z0-9_-]{0,62}$/.test(s),
  'config id (a-z, 0-9, _ or -; at most 63)',
);
const Cron = t.refinement(
  t.string,
  (s) => s.length <= 120 && cronProblem(s) === undefined,
  'cron expression (five fields)',
);
const Priority = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 1 && n <= 10,
  'priority (an integer from 1 to 10)',
);
const CatchupMinutes = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 0 && n <= 10_080,
  'catch-up window in minutes (0 to 10080)',
);

/** A schedule as submitted; config_id defaults to `{provider}_{domain}_{template}` so a retried create cannot duplicate. */
export const ScheduleInput = t.intersection([
  t.type({ provider: Segment, domain: Segment, template: Segment, schedule_cron: Cron }),
  t.partial({
    config_id: ConfigId,
    timezone: TimezoneField,
    priority: Priority,
    catchup_window_minutes: CatchupMinutes,
    overlap_policy: OverlapPolicy,
    parameters: t.record(t.string, t.unknown),
    is_active: t.boolean,
  }),
]);
export type ScheduleInput = t.TypeOf<typeof ScheduleInput>;

export class InvalidSchedule extends Error {
  readonly code = 'INVALID_SCHEDULE';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid schedule: ${problems.join('; ')}`);
    this.name = 'InvalidSchedule';
  }
}

export interface TenantDefaults {
  readonly timezone: string;
  /** Fills a declared `billing_account_ids` parameter (set at onboarding; a tenant cannot replace it). */
  readonly billingAccountIds: readonly string[];
}

/** Who submits the schedule, and the parameters of the schedule it replaces (none for a create). */
export interface ScheduleAuthor {
  readonly setBy: ParameterSetter;
  readonly replacing?: Readonly<Record<string, unknown>>;
}

/** The pipeline a schedule names must load. */
export async function loadSchedulePipeline(ctx: ServiceContext, input: ScheduleInput): Promise<PipelineDefinition> {
  const loaded = await ctx.catalog.load({ provider: input.provider, domain: input.domain, name: input.template });
  if (E.isRight(loaded)) return loaded.right;
  const missing = loaded.left.some((issue) => issue.code === 'FILE_NOT_FOUND');
  throw missing
    ? new PipelineNotFound(`${input.provider}/${input.domain}/${input.template}`)
    : new InvalidSchedule(loaded.left.map(formatLoadIssue));
}

/**
 * A schedule's parameters must be the pipeline's declared ones, well typed, and a tenant sets only its own:
 * on a tenant's replacement the operator's values of the replaced schedule are kept.
 */
export function toScheduleSpec(
  pipeline: PipelineDefinition,
  input: ScheduleInput,
  configId: string,
  tenant: TenantDefaults,
  author: ScheduleAuthor,
): ScheduleSpec {
  const declared = pipeline.parameters ?? {};
  const merged = mergeParameters({
    declared,
    setBy: author.setBy,
    inForce: author.setBy === 'tenant' ? operatorValuesOf(declared, author.replacing ?? {}) : {},
    onboarded: onboardedValuesOf(declared, tenant.billingAccountIds),
    supplied: input.parameters ?? {},
  });
  if (E.isLeft(merged)) throw merged.left;
  const parameters = checkParameters(pipeline, merged.right);
  return {
    configId,
    provider: input.provider,
    domain: input.domain,
    template: input.template,
    cron: input.schedule_cron,
    timezone: input.timezone ?? tenant.timezone,
    priority: input.priority ?? 5,
    catchupWindowMinutes: input.catchup_window_minutes ?? 60,
    overlapPolicy: input.overlap_policy ?? 'skip',
    parameters,
    active: input.is_active ?? true,
  };
}

export class PipelineNotFound extends Error {
  readonly code = 'PIPELINE_NOT_FOUND';
  constructor(readonly pipeline: string) {
    super(`No pipeline configs/${pipeline}.yml`);
    this.name = 'PipelineNotFound';
  }
}

export function checkParameters(
  pipeline: PipelineDefinition,
  supplied: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const declared = pipeline.parameters ?? {};
  const problems: string[] = [];
  const checked: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(supplied)) {
    const declaration = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!declaration) {
      problems.push(
        `parameters.${name.slice(0, 64)}: not a parameter of ${pipeline.pipeline_id} (declared: ${Object.keys(declared).join(', ') || 'none'})`,
      );
      continue;
    }
    const coerced = coerceValue(declaration.type, raw);
    if (coerced.ok) checked[name] = coerced.value;
    else problems.push(`parameters.${name}: ${coerced.reason}`);
  }
  for (const [name, declaration] of Object.entries(declared)) {
    if (!Object.hasOwn(supplied, name) && declaration.default === undefined)
      problems.push(`parameters.${name}: required by ${pipeline.pipeline_id} (no default)`);
  }
  if (problems.length > 0) throw new InvalidSchedule(problems);
  return checked;
}
