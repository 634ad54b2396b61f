import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/Either';
import request from 'supertest';
import { OnboardTenantInput } from '../../src/app/tenants/onboard-tenant';
import { readTenantConfigFile } from '../../src/cli/tenant-config-file';
import { tenantStreamId } from '../../src/domain/streams';
import { runCliCaptured } from '../cli/support/run-cli-captured';
import { loadSchemaValidationConfig } from '../configs/schemas/load-schema-validation-config';
import { tableMismatches } from '../configs/schemas/table-mismatches';
import { onASystemOfItsOwn as onASystemOfItsOwnService, type TestService } from '../support/service';

const TENANT_CONFIG = path.relative(process.cwd(), path.join(__dirname, '../configs/tenants/tenant_test_config.json'));
const INVALID_CONFIG = path.relative(
  process.cwd(),
  path.join(__dirname, '../configs/tenants/invalid_tenant_config.json'),
);
const schema = loadSchemaValidationConfig();
const cliActor = `cli:${userInfo().username}`;

let service: TestService;
let tenants: readonly OnboardTenantInput[];
let scratch: string;
beforeAll(async () => {
  const loaded = await readTenantConfigFile(TENANT_CONFIG, OnboardTenantInput);
  if (E.isLeft(loaded)) throw loaded.left;
  tenants = loaded.right.tenants;
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-onboarding-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const onAFreshSystem = (given?: () => Promise<void>) =>
  onASystemOfItsOwnService((started) => (service = started), given);

async function bootstrapped(): Promise<void> {
  const run = await runCliCaptured(['bootstrap'], service.ctx);
  expect(run.code).toBe(0);
}

// The last tenant of the file is onboarded over HTTP, the others through the CLI.
const viaHttp = () => tenants[tenants.length - 1] as OnboardTenantInput;
const viaCli = () => tenants.slice(0, -1);

/** The key the CLI printed for a tenant it onboarded, with the whole match. */
const printedKey = (stdout: string, tenant: OnboardTenantInput) =>
  new RegExp(
    `^${tenant.tenant_id}: onboarded — ACTIVE, plan ${tenant.subscription_plan}, dataset ${tenant.tenant_id}\\n {2}API key \\S+ \\(shown only now, store it\\): (cvg_\\S+)$`,
    'm',
  ).exec(stdout);

interface Onboarded {
  /** The HTTP answer for the last tenant. */
  http: request.Response;
  /** The CLI run onboarding the others after it. */
  cli: Awaited<ReturnType<typeof runCliCaptured>>;
  /** Each tenant's key, as the HTTP answer or the CLI output gave it. */
  keys: Map<string, string>;
}

/** Bootstraps, onboards the last tenant over HTTP and then the whole file through the CLI. */
async function onboardedAll(into: Onboarded): Promise<void> {
  await bootstrapped();
  const tenant = viaHttp();
  into.http = await request(service.app).post('/api/v1/tenants/onboard').set(admin()).send(tenant);
  if (typeof into.http.body.api_key === 'string') into.keys.set(tenant.tenant_id, into.http.body.api_key);
  into.cli = await runCliCaptured(['onboard', '--config', TENANT_CONFIG], service.ctx);
  for (const other of viaCli()) {
    const key = printedKey(into.cli.stdout, other)?.[1];
    if (key) into.keys.set(other.tenant_id, key);
  }
}

const admin = () => ({ 'X-Admin-Key': service.secrets.adminKey });
const eventsOf = async (tenantId: string) => (await service.ctx.store.readStream(tenantStreamId(tenantId))).events;
/** The lines of one tenant's block in the dry-run output (its heading and its indented checks). */
const dryRunBlock = (stdout: string, tenantId: string) =>
  new RegExp(`^${tenantId}: .*\\n(?: {2}.*\\n)*`, 'm').exec(stdout)?.[0] ?? '';

describe('before the system is bootstrapped', () => {
  onAFreshSystem();

  it('onboarding fails every tenant with SYSTEM_NOT_BOOTSTRAPPED and appends nothing', async () => {
    const run = await runCliCaptured(['onboard', '--config', TENANT_CONFIG], service.ctx);
    expect(run.code).toBe(1);
    for (const tenant of tenants) {
      expect(run.stderr).toContain(`${tenant.tenant_id}: FAILED — SYSTEM_NOT_BOOTSTRAPPED:`);
      expect(await eventsOf(tenant.tenant_id)).toHaveLength(0);
    }
    expect(run.stdout).toContain('0 onboarded, 0 already onboarded, 3 failed');
    expect(run.stdout).not.toContain('API key');
  });
});

describe('given a bootstrapped system and no tenant', () => {
  onAFreshSystem(bootstrapped);

  it('the test config has one tenant per plan', () => {
    expect(tenants.map((tenant) => tenant.subscription_plan)).toEqual(['STARTER', 'PROFESSIONAL', 'SCALE']);
  });

  it('a bad config file is refused whole: exit 2, one message naming the file and every bad path, nothing appended', async () => {
    const run = await runCliCaptured(['onboard', '--config', INVALID_CONFIG], service.ctx);
    expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    expect(run.stderr.split('\n')).toEqual([
      `Invalid tenant config file ${INVALID_CONFIG}:`,
      `  ${INVALID_CONFIG}: tenants[1].tenant_id: expected tenant id (3–50 of a-z, 0-9, _; not one the service reserves: tenants, tenants__…, system, _…), got "Bad-Tenant"`,
      `  ${INVALID_CONFIG}: tenants[1].contact_email: expected email address, got "not-an-email"`,
      `  ${INVALID_CONFIG}: tenants[1].subscription_plan: expected PlanName, got "ENTERPRISE"`,
      `  ${INVALID_CONFIG}: tenants[2].timezon: unknown field (expected one of tenant_id, company_name, contact_email, subscription_plan, timezone, billing_account_ids, api_key_name)`,
      `  ${INVALID_CONFIG}: tenants[2].tenant_id: duplicate of tenants[0].tenant_id ("valid_but_never_onboarded")`,
      'Nothing was onboarded.',
      '',
    ]);
    expect(await service.ctx.store.readStream('tenant-valid_but_never_onboarded')).toMatchObject({ events: [] });
    expect(await service.ctx.warehouse.datasetExists('valid_but_never_onboarded')).toBe(false);
  });

  it('the dry run passes every check for every tenant before onboarding', async () => {
    const run = await runCliCaptured(['dryrun', '--config', TENANT_CONFIG], service.ctx);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const tenant of tenants) {
      const block = dryRunBlock(run.stdout, tenant.tenant_id);
      expect(block).toMatch(
        new RegExp(`^${tenant.tenant_id}: ready for onboarding \\((\\d+)/\\1 checks passed\\)$`, 'm'),
      );
      expect(block).toMatch(/^ {2}PASS {2}tenant_not_exists: /m);
      expect(block).toMatch(/^ {2}PASS {2}system_bootstrapped: /m);
      expect(block).not.toContain('FAIL');
    }
    expect(run.stdout).toContain('3 ready for onboarding, 0 not ready');
  });

  it('the dry run reports bad field values as failed checks, not as a bad file', async () => {
    const file = path.join(scratch, 'bad-values.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          { tenant_id: 'dry_bad_values', company_name: 'Umbrella', contact_email: 'nobody', subscription_plan: 'GOLD' },
        ],
      }),
    );
    const run = await runCliCaptured(['dryrun', '--config', file], service.ctx);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^dry_bad_values: NOT ready for onboarding/m);
    expect(run.stdout).toMatch(/^ {2}FAIL {2}contact_email_format: /m);
    expect(run.stdout).toMatch(/^ {2}FAIL {2}subscription_plan: /m);
    expect(run.stdout).toMatch(/^ {2}PASS {2}tenant_not_exists: /m);
    expect(run.stdout).toContain('0 ready for onboarding, 1 not ready');
  });
});

describe('given every tenant onboarded: the last over HTTP, the others through the CLI', () => {
  const onboarded = { keys: new Map<string, string>() } as Onboarded;
  onAFreshSystem(() => onboardedAll(onboarded));

  it('onboards one tenant over HTTP with the admin key', () => {
    const tenant = viaHttp();
    expect(onboarded.http.status).toBe(201);
    expect(onboarded.http.body).toMatchObject({
      tenant_id: tenant.tenant_id,
      status: 'ACTIVE',
      subscription_plan: tenant.subscription_plan,
    });
  });

  it('onboards the others through the CLI, printing each new key once, and reports the HTTP one as existing', async () => {
    const run = onboarded.cli;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const tenant of viaCli()) {
      const printed = printedKey(run.stdout, tenant);
      expect(printed).not.toBeNull();
      const key = printed?.[1] as string;
      expect(run.stdout.split(key)).toHaveLength(2);
      const events = await eventsOf(tenant.tenant_id);
      expect(events.map((event) => [event.type, event.meta.actor])).toEqual([
        ['TenantOnboarded', cliActor],
        ['ApiKeyIssued', cliActor],
        ['TenantProvisioned', cliActor],
      ]);
      expect(JSON.stringify(events)).not.toContain(key);
    }
    expect(run.stdout).toMatch(new RegExp(`^${viaHttp().tenant_id}: already onboarded`, 'm'));
    expect(run.stdout).toContain('2 onboarded, 1 already onboarded, 0 failed');
    expect((await eventsOf(viaHttp().tenant_id)).map((event) => event.meta.actor)).toEqual(['admin', 'admin', 'admin']);
  });

  it("each tenant's dataset holds every tenant table as the schema config describes it, and the view", async () => {
    expect(schema.tenant_tables.map((table) => table.table).sort()).toEqual(
      service.ctx.pipelines.tables.tenantTables.map((table) => table.name).sort(),
    );
    for (const tenant of tenants) {
      const mismatches: Record<string, string[]> = {};
      for (const expected of schema.tenant_tables) {
        const problems = tableMismatches(
          expected,
          await service.ctx.warehouse.describeTable({ dataset: tenant.tenant_id, table: expected.table }),
        );
        if (problems.length > 0) mismatches[expected.table] = problems;
      }
      expect({ tenant: tenant.tenant_id, mismatches }).toEqual({ tenant: tenant.tenant_id, mismatches: {} });
      for (const view of schema.tenant_views)
        expect((await service.ctx.warehouse.describeTable({ dataset: tenant.tenant_id, table: view })).type).toBe(
          'VIEW',
        );
    }
  });

  it('each printed key reads its own tenant, exactly as configured, and no other', async () => {
    expect([...onboarded.keys.keys()].sort()).toEqual(tenants.map((tenant) => tenant.tenant_id).sort());
    for (const tenant of tenants) {
      const read = await request(service.app)
        .get(`/api/v1/tenants/${tenant.tenant_id}`)
        .set('X-API-Key', onboarded.keys.get(tenant.tenant_id) as string);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        tenant_id: tenant.tenant_id,
        company_name: tenant.company_name,
        contact_email: tenant.contact_email,
        timezone: tenant.timezone,
        billing_account_ids: tenant.billing_account_ids,
        subscription_plan: tenant.subscription_plan,
        status: 'ACTIVE',
      });
    }
    const [first, second] = tenants;
    const crossed = await request(service.app)
      .get(`/api/v1/tenants/${second?.tenant_id}`)
      .set('X-API-Key', onboarded.keys.get(first?.tenant_id as string) as string);
    expect(crossed.status).toBe(403);
  });

  it('the dry run after onboarding fails tenant_not_exists for every tenant', async () => {
    const run = await runCliCaptured(['dryrun', '--config', TENANT_CONFIG], service.ctx);
    expect(run.code).toBe(1);
    for (const tenant of tenants) {
      const block = dryRunBlock(run.stdout, tenant.tenant_id);
      expect(block).toMatch(new RegExp(`^${tenant.tenant_id}: NOT ready for onboarding`, 'm'));
      expect(block).toContain(`  FAIL  tenant_not_exists: tenant ${tenant.tenant_id} already exists`);
    }
    expect(run.stdout).toContain('0 ready for onboarding, 3 not ready');
  });
});

describe('given every tenant onboarded, at a second onboarding', () => {
  onAFreshSystem(async () => {
    const onboarded = { keys: new Map<string, string>() } as Onboarded;
    await onboardedAll(onboarded);
    expect(onboarded.cli.stdout).toContain('2 onboarded, 1 already onboarded, 0 failed');
  });

  it('onboarding again reports every tenant as existing, prints no key and appends nothing', async () => {
    const before = await Promise.all(tenants.map(async (tenant) => (await eventsOf(tenant.tenant_id)).length));
    const run = await runCliCaptured(['onboard', '--config', TENANT_CONFIG], service.ctx);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const tenant of tenants)
      expect(run.stdout).toMatch(new RegExp(`^${tenant.tenant_id}: already onboarded`, 'm'));
    expect(run.stdout).toContain('0 onboarded, 3 already onboarded, 0 failed');
    expect(run.stdout).not.toContain('API key');
    expect(await Promise.all(tenants.map(async (tenant) => (await eventsOf(tenant.tenant_id)).length))).toEqual(before);

    const overHttp = await request(service.app).post('/api/v1/tenants/onboard').set(admin()).send(tenants[0]);
    expect(overHttp.status).toBe(409);
    expect(overHttp.body.error).toBe('TENANT_EXISTS');
  });
});
