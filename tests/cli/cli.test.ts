import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliCaptured } from './support/run-cli-captured';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-cli-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const fileWith = (name: string, text: string) => {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
};
const tenant = (id: string) => ({
  tenant_id: id,
  company_name: `Company ${id}`,
  contact_email: `ops@${id.replace(/_/g, '-')}.example.com`,
});

describe('convergence usage (in-process, no service needed)', () => {
  it('--help prints the usage with every command and exits 0', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '', contextsOpened: 0 });
    expect(run.stdout).toMatch(/^Usage: convergence \[options\] \[command\]/);
    for (const command of ['bootstrap', 'dryrun', 'onboard'])
      expect(run.stdout).toMatch(new RegExp(`^ {2}${command} \\[options\\] `, 'm'));
  });

  it("a command's --help lists its options", async () => {
    const bootstrap = await runCliCaptured(['bootstrap', '--help']);
    expect(bootstrap).toMatchObject({ code: 0, contextsOpened: 0 });
    expect(bootstrap.stdout).toContain('--force-recreate-tables');
    const onboard = await runCliCaptured(['help', 'onboard']);
    expect(onboard).toMatchObject({ code: 0, contextsOpened: 0 });
    expect(onboard.stdout).toContain('-c, --config <file>');
  });

  it.each([
    [[], 'Usage: convergence'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['onboard'], "error: required option '-c, --config <file>' not specified"],
    [['dryrun'], "error: required option '-c, --config <file>' not specified"],
    [['bootstrap', '--force'], "error: unknown option '--force'"],
    [['bootstrap', 'now'], 'error: too many arguments'],
  ])('%j is a usage error: exit 2, nothing started', async (argv, message) => {
    const run = await runCliCaptured(argv);
    expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    expect(run.stderr).toContain(message);
  });
});

describe('tenant config files (refused before anything starts)', () => {
  it.each(['onboard', 'dryrun'])('%s: a missing file names the file and exits 2', async (command) => {
    const file = path.join(scratch, 'absent.json');
    const run = await runCliCaptured([command, '--config', file]);
    expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    expect(run.stderr).toContain(`  ${file}: cannot be read (ENOENT)`);
  });

  it('a file that is not JSON names the file and the parse error', async () => {
    const file = fileWith('broken.json', '{ "tenants": [ ');
    const run = await runCliCaptured(['onboard', '--config', file]);
    expect(run).toMatchObject({ code: 2, contextsOpened: 0 });
    expect(run.stderr).toMatch(
      new RegExp(`^ {2}${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON \\(.+\\)$`, 'm'),
    );
    expect(run.stderr).toContain('Nothing was onboarded.');
  });

  it('a file without tenants, with an empty list or with unknown top-level fields is refused with each path', async () => {
    const noTenants = await runCliCaptured(['onboard', '--config', fileWith('none.json', '{ "tenant": [] }')]);
    expect(noTenants.code).toBe(2);
    expect(noTenants.stderr).toContain(': tenants: expected a non-empty array of tenants, got nothing');
    expect(noTenants.stderr).toContain(': tenant: unknown field (expected one of description, tenants)');

    const empty = await runCliCaptured(['onboard', '--config', fileWith('empty.json', '{ "tenants": [] }')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(': tenants: expected a non-empty array of tenants, got []');

    const notAnObject = await runCliCaptured(['onboard', '--config', fileWith('array.json', '[]')]);
    expect(notAnObject.code).toBe(2);
    expect(notAnObject.stderr).toContain(': (root): expected');
  });

  it('onboard decodes every field strictly (billing accounts, timezone), reporting each bad path at once', async () => {
    const file = fileWith(
      'strict.json',
      JSON.stringify({
        tenants: [
          tenant('good_one'),
          { ...tenant('bad_fields'), timezone: 'Mars/Olympus', billing_account_ids: ['nope'] },
          'not a tenant',
        ],
      }),
    );
    const run = await runCliCaptured(['onboard', '--config', file]);
    expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    expect(
      run.stderr
        .split('\n')
        .filter((line) => line.startsWith(`  ${file}: `))
        .map((line) => line.slice(file.length + 4)),
    ).toEqual([
      'tenants[1].timezone: expected IANA timezone, got "Mars/Olympus"',
      'tenants[1].billing_account_ids[0]: expected billing account id (XXXXXX-XXXXXX-XXXXXX), got "nope"',
      expect.stringMatching(/^tenants\[2\]: expected /),
    ]);
  });

  it('dryrun refuses a file whose structure is wrong (a tenant_id that is not a string), but not bad values', async () => {
    const file = fileWith('dry.json', JSON.stringify({ tenants: [{ tenant_id: 42 }] }));
    const run = await runCliCaptured(['dryrun', '--config', file]);
    expect(run).toMatchObject({ code: 2, contextsOpened: 0 });
    expect(run.stderr).toContain(`  ${file}: tenants[0].tenant_id: expected string, got 42`);
    expect(run.stderr).toContain('Nothing was checked.');
  });

  it('a context that cannot be opened is reported as a failure (exit 1), not a crash', async () => {
    const file = fileWith('ok.json', JSON.stringify({ tenants: [tenant('fine_tenant')] }));
    const run = await runCliCaptured(['onboard', '--config', file]);
    expect(run).toMatchObject({ code: 1, stdout: '', contextsOpened: 1 });
    expect(run.stderr).toBe(
      "error: could not reach the service's dependencies: this run was not expected to need the service context\n",
    );
  });
});
