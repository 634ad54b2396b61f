import type { VerifyStreamsReport } from '../../app/audit/verify-streams';
import type { TenantAsOf } from '../../projections/audit/tenant-as-of';

/** Columns padded to their widest cell, two spaces apart, each line indented. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${indent}${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Label–value lines, the values aligned. */
function pairs(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

const section = (title: string, body: string) => `\n${title}\n${body}\n`;
const none = '  (none)';
const orDash = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? '-' : value;

/** `convergence audit tenant` for people: a few aligned sections, then the timeline. */
export function formatTenantAudit(audit: TenantAsOf): string {
  const state = audit.state;
  const last = audit.last_event;
  let out = `Tenant ${audit.tenant_id} as of ${audit.as_of}, from ${audit.event_count} event(s)`;
  out += last ? ` (last: ${last.stream_id}@${last.revision} at ${last.recorded_at})\n` : '\n';
  if (!state) return `${out}  not onboarded by then\n`;
  const p = state.profile;
  out += section(
    'Profile',
    pairs([
      ['company', p.company_name],
      ['contact', p.contact_email],
      ['timezone', p.timezone],
      ['billing accounts', p.billing_account_ids.join(', ') || '-'],
      ['onboarded', p.onboarded_at],
      [
        'status',
        `${state.status} (lifecycle ${state.lifecycle_status}, provisioning ${state.provisioning}${state.provisioning_error ? `: ${state.provisioning_error}` : ''})`,
      ],
      ['data key', state.data_key_destroyed ? 'destroyed' : 'present'],
    ]),
  );
  out += section(
    'Plan',
    `  ${state.plan}: ${state.limits.daily_runs} runs a day, ${state.limits.monthly_runs} a month, ${state.limits.concurrent_runs} at once`,
  );
  out += section(
    `API keys (${state.api_keys.length})`,
    state.api_keys.length === 0
      ? none
      : table(
          ['KEY ID', 'STATUS', 'NAME', 'SCOPES', 'ISSUED', 'EXPIRES', 'REVOKED', 'HASH'],
          state.api_keys.map((k) => [
            k.key_id,
            k.status,
            k.name,
            k.scopes.join(','),
            k.issued_at,
            orDash(k.expires_at),
            orDash(k.revoked_at),
            `${k.key_hash.slice(0, 12)}…`,
          ]),
        ),
  );
  out += section(
    `Schedules (${state.schedules.length})`,
    state.schedules.length === 0
      ? none
      : table(
          ['CONFIG ID', 'PIPELINE', 'CRON', 'TIMEZONE', 'ACTIVE', 'PRIORITY', 'OVERLAP'],
          state.schedules.map((s) => [
            s.config_id,
            s.pipeline,
            s.cron,
            s.timezone,
            s.active ? 'yes' : 'no',
            String(s.priority),
            s.overlap_policy,
          ]),
        ),
  );
  out += section(
    `Credentials (${state.credentials.length}; metadata only)`,
    state.credentials.length === 0
      ? none
      : table(
          ['CREDENTIAL ID', 'PROVIDER', 'NAME', 'STORED', 'METADATA'],
          state.credentials.map((c) => [
            c.credential_id,
            c.provider,
            c.name,
            c.stored_at,
            Object.entries(c.metadata)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ') || '-',
          ]),
        ),
  );
  const usage = state.usage;
  out += section(
    `Usage (today ${usage.today}; month ${usage.month.month}: ${usage.month.runs} of ${state.limits.monthly_runs} runs)`,
    usage.days.length === 0
      ? none
      : table(
          ['DAY', 'REQUESTED', 'STARTED', 'SUCCEEDED', 'FAILED', 'REJECTED', 'CANCELLED', 'MONTH TO DATE'],
          usage.days.map((d) =>
            [d.day, d.requested, d.started, d.succeeded, d.failed, d.rejected, d.cancelled, d.month_to_date].map(
              String,
            ),
          ),
        ),
  );
  out += section(
    `Closed days (${usage.closed_days.length})`,
    usage.closed_days.length === 0
      ? none
      : table(
          ['DAY', 'RUNS', 'SUCCEEDED', 'FAILED', 'MONTH TO DATE', 'CLOSED AT'],
          usage.closed_days.map((d) => [
            d.day,
            String(d.runs),
            String(d.succeeded),
            String(d.failed),
            String(d.month_to_date),
            d.closed_at,
          ]),
        ),
  );
  out += section(
    `Timeline (${audit.timeline.length} event(s), oldest first)`,
    table(
      ['RECORDED AT', 'STREAM@REVISION', 'TYPE', 'ACTOR', 'SUMMARY'],
      audit.timeline.map((e) => [e.recorded_at, `${e.stream_id}@${e.revision}`, e.type, e.actor, e.summary]),
    ),
  );
  return out;
}

/** `convergence audit verify` for people: a verdict, then each broken stream with its first broken link. */
export function formatVerifyReport(report: VerifyStreamsReport): string {
  const scope = report.scope === 'all' ? 'every stream' : `the streams of tenant ${report.scope}`;
  const counted = `${report.streams} stream(s), ${report.events} event(s) proven, ${report.duration_ms} ms`;
  if (report.ok) return `OK: ${scope} verified, every hash chain holds (${counted})\n`;
  return (
    `BROKEN: ${report.broken.length} of ${report.streams} stream(s) of ${scope} fail verification (${counted})\n` +
    `${table(
      ['STREAM', 'REVISION', 'DOCUMENT', 'REASON', 'DETAIL'],
      report.broken.map((b) => [b.stream_id, String(b.revision), b.path, b.reason, b.detail]),
    )}\n` +
    'Each stream is proven unchanged up to the revision before its first broken link.\n'
  );
}
