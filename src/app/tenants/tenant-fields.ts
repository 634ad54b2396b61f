import * as t from 'io-ts';
import { isValidTimezone } from '../../domain/schedule/cron';
import { looksRandomToken, looksSecret } from '../../security/redaction';
import { isReservedTenantId, TENANT_ID_PATTERN } from '../../domain/tenant-id';
import { isAcceptedInstant } from '../../domain/accepted-instants';

/** Field codecs shared by the tenant use cases' inputs (HTTP bodies and CLI config files alike). */
const refine = (name: string, test: (s: string) => boolean) => t.refinement(t.string, test, name);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const TenantIdField = refine(
  'tenant id (3–50 of a-z, 0-9, _; not one the service reserves: tenants, tenants__…, system, _…)',
  (s) => TENANT_ID_PATTERN.test(s) && !isReservedTenantId(s),
);
export const EmailField = refine(
  'email address',
  (s) => s.length <= 254 && /^[^\s@"'<>]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/.test(s),
);
export const CompanyNameField = refine(
  'company name (1–200 characters, no control characters)',
  (s) => s.trim().length > 0 && s.length <= 200 && !CONTROL.test(s),
);
export const TimezoneField = refine('IANA timezone', (s) => s.length <= 64 && isValidTimezone(s));
/** A GCP billing account id as the billing export writes it. */
export const BillingAccountIdField = refine('billing account id (XXXXXX-XXXXXX-XXXXXX)', (s) =>
  /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/.test(s),
);
/** Reasons are stored in events for good: one that holds a credential is refused rather than kept. */
export const ReasonField = refine(
  'reason (at most 500 characters, no control characters, no keys or tokens)',
  (s) => s.length <= 500 && !CONTROL.test(s) && !looksSecret(s) && !looksRandomToken(s),
);
/** Names are stored in events and shown in listings: a key or token pasted as a name is refused. */
export const NameField = refine(
  'name (1–100 characters, no control characters, no keys or tokens)',
  (s) => s.trim().length > 0 && s.length <= 100 && !CONTROL.test(s) && !looksSecret(s) && !looksRandomToken(s),
);

/** RFC 3339 with an explicit offset. */
export const TimestampField = refine(
  'RFC 3339 timestamp',
  (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
    isAcceptedInstant(Date.parse(s)),
);
