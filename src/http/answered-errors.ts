import { InvalidAuditCursor } from '../app/audit/errors';
import { DomainRefusal } from '../app/domain-refusal';
import { InvalidReplayId, ReplayNotFound, ReplayRunning } from '../app/replay/replay-errors';
import { InvalidCursor } from '../app/runs/list-runs';
import { ParameterNotTenantSettable } from '../app/schedules/parameter-ownership';
import { InvalidSchedule, PipelineNotFound } from '../app/schedules/schedule-input';
import { InvalidScheduleTime } from '../app/scheduling/fire-times';
import { BootstrapFailed } from '../app/system/bootstrap-system';
import { ProvisioningFailed } from '../app/tenants/onboard-tenant';
import { InlineWriteConflict, WrongExpectedRevision } from '../eventstore';
import { PromoteBlocked } from '../projections/replay/promote-shadow';
import { InvalidCredential } from '../security/credentials/errors';
import { DataKeyDestroyed } from '../security/envelope/errors';

/**
 * The typed errors of the layers below that the API answers with their own code (every other error is a 500
 * INTERNAL): a closed list, recognised by class, never by comparing a `code` string, so an adapter's error that
 * happens to carry a code like `NOT_FOUND` or `INVALID_TENANT_ID` is not mistaken for a refusal.
 */
const ANSWERED = [
  DomainRefusal,
  InvalidSchedule,
  PipelineNotFound,
  ParameterNotTenantSettable,
  InvalidScheduleTime,
  InvalidAuditCursor,
  InvalidCursor,
  InvalidReplayId,
  ReplayRunning,
  ReplayNotFound,
  ProvisioningFailed,
  BootstrapFailed,
  InvalidCredential,
  DataKeyDestroyed,
  PromoteBlocked,
] as const;

export type AnsweredError = InstanceType<(typeof ANSWERED)[number]>;

/** The codes those errors carry: DomainErrorCode and the app's, security's and projections' refusals. */
export type AnsweredErrorCode = AnsweredError['code'];

export const isAnsweredError = (error: unknown): error is AnsweredError =>
  ANSWERED.some((errorClass) => error instanceof errorClass);

/** A concurrent writer won (the stream moved, or an inline write's precondition failed): answered 409 CONFLICT. */
export const isConcurrencyConflict = (error: unknown): error is WrongExpectedRevision | InlineWriteConflict =>
  error instanceof WrongExpectedRevision || error instanceof InlineWriteConflict;
