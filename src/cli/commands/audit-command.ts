import type { Command } from 'commander';
import * as E from 'fp-ts/Either';
import { auditTenant } from '../../app/audit/audit-tenant';
import { auditInstant, parseInstant } from '../../app/audit/instant';
import { verifyStreams } from '../../app/audit/verify-streams';
import { DomainRefusal } from '../../app/domain-refusal';
import { TENANT_ID_PATTERN } from '../../domain/tenant-id';
import type { CliEnvironment } from '../cli-environment';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { withContext } from '../with-context';
import { formatTenantAudit, formatVerifyReport } from './audit-output';

const quoted = (value: string) => JSON.stringify(value.slice(0, 60));

/** A usage error before anything starts: the message and exit 2. */
function refuse(env: CliEnvironment, message: string): number {
  env.stderr.write(`error: ${message}\n`);
  return EXIT_USAGE;
}

const checkTenantId = (env: CliEnvironment, tenantId: string): number | undefined =>
  TENANT_ID_PATTERN.test(tenantId)
    ? undefined
    : refuse(env, `${quoted(tenantId)} is not a tenant id (3–50 characters of a-z, 0-9 and _)`);

/**
 * `convergence audit tenant <id> [--as-of TIME] [--json]` and `convergence audit verify [--tenant ID]`: the
 * same use cases as the audit endpoints, computed from the event log alone.
 */
export function registerAuditCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description(
      "audit from the event log alone: a tenant's state and timeline as of an instant, the streams' hash chains",
    );

  audit
    .command('tenant')
    .description(
      "a tenant's state (profile, plan, keys, schedules, credential metadata, usage) and event timeline as of an instant",
    )
    .argument('<tenant_id>', 'the tenant')
    .option('--as-of <time>', 'the instant (RFC 3339 with an offset, e.g. 2026-11-27T09:30:00Z); default now')
    .option('--json', 'print one JSON object (what GET /api/v1/admin/audit/tenants/{tenant_id} answers)')
    .action(async (tenantId: string, options: { readonly asOf?: string; readonly json?: boolean }) => {
      const badId = checkTenantId(env, tenantId);
      if (badId !== undefined) return done(badId);
      if (options.asOf !== undefined) {
        const parsed = parseInstant(options.asOf);
        if (E.isLeft(parsed)) return done(refuse(env, `--as-of ${quoted(options.asOf)}: ${parsed.left}`));
      }
      done(
        await withContext(env, async (ctx) => {
          const asOf = auditInstant(options.asOf, ctx.now());
          if (E.isLeft(asOf)) return refuse(env, `--as-of: ${asOf.left}`);
          try {
            const result = await auditTenant(ctx, tenantId, asOf.right);
            env.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatTenantAudit(result));
            return EXIT_OK;
          } catch (error) {
            if (!(error instanceof DomainRefusal) || error.code !== 'TENANT_NOT_FOUND') throw error;
            env.stderr.write(`${error.code}: ${error.message}\n`);
            return EXIT_FAILURE;
          }
        }),
      );
    });

  audit
    .command('verify')
    .description(
      "walk every stream's hash chain (or one tenant's streams) and report each stream's first broken link; exits 1 when one is broken",
    )
    .option('--tenant <tenant_id>', "only this tenant's streams")
    .option('--parallelism <n>', 'streams verified at once (1–64)', '8')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { readonly tenant?: string; readonly parallelism: string; readonly json?: boolean }) => {
      if (options.tenant !== undefined) {
        const badId = checkTenantId(env, options.tenant);
        if (badId !== undefined) return done(badId);
      }
      const parallelism = Number(options.parallelism);
      if (!/^\d{1,2}$/.test(options.parallelism) || parallelism < 1 || parallelism > 64)
        return done(refuse(env, `--parallelism ${quoted(options.parallelism)}: expected 1–64`));
      done(
        await withContext(env, async (ctx) => {
          try {
            const report = await verifyStreams(ctx, {
              parallelism,
              ...(options.tenant !== undefined ? { tenantId: options.tenant } : {}),
            });
            env.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
            return report.ok ? EXIT_OK : EXIT_FAILURE;
          } catch (error) {
            if (!(error instanceof DomainRefusal) || error.code !== 'TENANT_NOT_FOUND') throw error;
            env.stderr.write(`${error.code}: ${error.message}\n`);
            return EXIT_FAILURE;
          }
        }),
      );
    });
}
