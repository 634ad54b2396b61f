import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyRejectionCode } from '../../src/app/api-keys/authenticate-api-key';
import { DomainRefusal } from '../../src/app/domain-refusal';
import type { DomainErrorCode } from '../../src/domain/errors';
import {
  InlineWriteConflict,
  MalformedEvent,
  WrongExpectedRevision,
  type EventStoreErrorCode,
} from '../../src/eventstore';
import { DispatchError } from '../../src/dispatch/errors';
import { STATUS_BY_CODE, isApiErrorCode, type ApiErrorCode } from '../../src/http/error-codes';
import { HttpError, toHttpError } from '../../src/http/http-error';
import type { ProjectionRuntimeErrorCode } from '../../src/projections/runtime/errors';
import { PartitionLeaseLost } from '../../src/projections/runtime/partition-lease';
import { InvalidKeyringTenantId } from '../../src/security/envelope/errors';
import { WarehouseError } from '../../src/warehouse/warehouse';

// Compile-time checks (npm run typecheck covers tests/): the status table is total over the API's codes.
const { TENANT_NOT_ACTIVE: _omitted, ...withoutOne } = STATUS_BY_CODE;
// @ts-expect-error a table missing one code (TENANT_NOT_ACTIVE) is not a Record<ApiErrorCode, number>
const incomplete: Readonly<Record<ApiErrorCode, number>> = withoutOne;
// @ts-expect-error a code nobody raises is not an ApiErrorCode
const unknownCode: ApiErrorCode = 'LEASE_LOST';
// Every domain refusal and every API-key rejection is an API code, so each has its status.
const domainCodesAreApiCodes = (code: DomainErrorCode): ApiErrorCode => code;
const rejectionCodesAreApiCodes = (code: ApiKeyRejectionCode): ApiErrorCode => code;

// Distinct failures, distinct codes: a run's lease and a partition's lease are not one code, and the layers'
// internal codes (answered 500, or 409 CONFLICT for the store's conflicts) are not API codes.
type Disjoint<A, B> = [Extract<A, B>] extends [never] ? true : false;
const leasesApart: Disjoint<DomainErrorCode, ProjectionRuntimeErrorCode> = true;
const projectorInternal: Disjoint<ApiErrorCode, ProjectionRuntimeErrorCode> = true;
const storeInternal: Disjoint<ApiErrorCode, EventStoreErrorCode> = true;
// @ts-expect-error the partition's lease has its own code
const partitionLease: ProjectionRuntimeErrorCode = 'RUN_LEASE_LOST';

/** Every DomainErrorCode, spelled out: `satisfies` fails to compile when the union gains or loses one. */
const DOMAIN_CODES = Object.keys({
  TENANT_NOT_FOUND: true,
  TENANT_EXISTS: true,
  TENANT_NOT_ACTIVE: true,
  TENANT_DELETED: true,
  API_KEY_NOT_FOUND: true,
  API_KEY_EXISTS: true,
  API_KEY_REVOKED: true,
  API_KEY_EXPIRED: true,
  API_KEY_SCOPE_ESCALATION: true,
  API_KEY_EXPIRY_ESCALATION: true,
  CREDENTIAL_NOT_FOUND: true,
  CREDENTIAL_EXISTS: true,
  SCHEDULE_NOT_FOUND: true,
  SCHEDULE_EXISTS: true,
  API_KEY_LIMIT_REACHED: true,
  CREDENTIAL_LIMIT_REACHED: true,
  SCHEDULE_LIMIT_REACHED: true,
  SYSTEM_NOT_BOOTSTRAPPED: true,
  RUN_NOT_FOUND: true,
  RUN_NOT_RUNNING: true,
  RUN_LEASE_LOST: true,
  INVALID_COMMAND: true,
} satisfies Record<DomainErrorCode, true>) as DomainErrorCode[];

/** The `| status | codes |` rows of docs/api.md's "Error codes" table: each code with the status its row names. */
function documentedStatuses(): Map<string, number[]> {
  const api = readFileSync(join(__dirname, '../../docs/api.md'), 'utf8');
  const section = api.slice(api.indexOf('## Error codes'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| status |')));
  const statuses = new Map<string, number[]>();
  for (const row of table.split('\n').filter((line) => /^\| \d{3} \|/.test(line))) {
    const [, status, codes] = row.split('|').map((cell) => cell.trim());
    // Codes are the backticked names outside the parenthesised notes (which quote headers, signals, fields).
    let listed = codes ?? '';
    while (/\([^()]*\)/.test(listed)) listed = listed.replace(/\([^()]*\)/g, '');
    for (const [, code] of listed.matchAll(/`([A-Z][A-Z_]+)`/g)) {
      statuses.set(code as string, [...(statuses.get(code as string) ?? []), Number(status)]);
    }
  }
  return statuses;
}

describe('API error codes', () => {
  it('each code has one status, a 4xx or 5xx', () => {
    expect([incomplete, unknownCode, domainCodesAreApiCodes, rejectionCodesAreApiCodes, partitionLease]).toHaveLength(
      5,
    );
    expect([leasesApart, projectorInternal, storeInternal]).toEqual([true, true, true]);
    for (const [code, status] of Object.entries(STATUS_BY_CODE)) {
      expect([code, Number.isInteger(status) && status >= 400 && status <= 599]).toEqual([code, true]);
      expect(isApiErrorCode(code)).toBe(true);
      // HttpError takes the status from the code: no throw site can choose another.
      expect(new HttpError(code as ApiErrorCode, 'm').status).toBe(status);
    }
    expect(isApiErrorCode('LEASE_LOST')).toBe(false);
    expect(isApiErrorCode('toString')).toBe(false);
  });

  it('answers every domain refusal with its own code and that code’s status', () => {
    for (const code of DOMAIN_CODES) {
      const answer = toHttpError(new DomainRefusal({ code, message: `refused: ${code}`, details: { code } }));
      expect([answer.code, answer.status, answer.message, answer.details]).toEqual([
        code,
        STATUS_BY_CODE[code],
        `refused: ${code}`,
        { code },
      ]);
    }
  });

  it('answers TENANT_NOT_ACTIVE 403 whichever layer refuses', () => {
    expect(STATUS_BY_CODE.TENANT_NOT_ACTIVE).toBe(403);
    expect(toHttpError(new DomainRefusal({ code: 'TENANT_NOT_ACTIVE', message: 'suspended' })).status).toBe(403);
  });

  it('answers a concurrency conflict 409 CONFLICT, without the stream or paths', () => {
    for (const error of [new WrongExpectedRevision('tenant-a', 3, 4), new InlineWriteConflict('tenant-a', ['x/y'])]) {
      const answer = toHttpError(error);
      expect([answer.status, answer.code, answer.details]).toEqual([409, 'CONFLICT', undefined]);
      expect(answer.message).not.toContain('tenant-a');
    }
  });

  it('answers other typed errors 500 INTERNAL even when their code looks like an API code', () => {
    const internal = [
      new InvalidKeyringTenantId(), // INVALID_TENANT_ID, a 400 when the HTTP layer raises it
      new WarehouseError('NOT_FOUND', 'table missing'),
      new DispatchError('PERMISSION_DENIED', 'no actAs'),
      new MalformedEvent('tenant-a', 1, ['data: bad']),
      new PartitionLeaseLost('live', 3),
      Object.assign(new Error('a look-alike'), { code: 'TENANT_NOT_FOUND' }),
    ];
    for (const error of internal)
      expect([toHttpError(error).status, toHttpError(error).code]).toEqual([500, 'INTERNAL']);
  });

  it('docs/api.md lists every code once, with its status, and no other', () => {
    const documented = documentedStatuses();
    const expected = new Map(Object.entries(STATUS_BY_CODE).map(([code, status]) => [code, [status]]));
    expect(Object.fromEntries([...documented].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });
});
