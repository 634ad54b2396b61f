import request from 'supertest';
import type { VerifyStreamsReport } from '../../src/app/audit/verify-streams';
import { runStreamId, tenantStreamId } from '../../src/domain/streams';
import { eventPath } from '../../src/eventstore/layout';
import { runCliCaptured } from '../cli/support/run-cli-captured';
import { bootstrap, issueKey, onboard } from '../support/http-fixtures';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import { runToSuccess } from './support';

/**
 * `convergence audit verify`: an untouched log verifies; an event document altered (or removed) behind the
 * store's back is named with its stream, revision and path, and the exit code says so.
 */
let service: TestService;
let runOfA: string;
let runOfB: string;

/**
 * Each describe verifies a log of its own, built in its beforeAll on an empty database and a new service: two
 * tenants, an extra key, a run each and a closed usage day; `tamper` then alters it behind the store's back.
 */
function onALogOfItsOwn(tamper: () => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    await clearTestDatabase();
    service = await startTestService();
    await bootstrap(service);
    await onboard(service, 'verify_a');
    await onboard(service, 'verify_b');
    await issueKey(service, 'verify_a', { name: 'extra', scopes: ['pipelines:read'] });
    runOfA = await runToSuccess(service, 'verify_a');
    runOfB = await runToSuccess(service, 'verify_b');
    // Close today's usage day (a usage-… stream per tenant): the tick's "yesterday" is today.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const closed = await request(service.app)
      .post('/api/v1/scheduler/reset-daily-quotas')
      .set('Authorization', `Bearer ${service.secrets.serviceToken}`)
      .set('X-CloudScheduler-ScheduleTime', tomorrow);
    expect(closed.body).toMatchObject({ tenants_closed: 2 });
    await tamper();
  });
  afterAll(async () => {
    await service?.stop();
  });
}

const verify = async (...argv: string[]) => {
  const run = await runCliCaptured(['audit', 'verify', ...argv, '--json'], service.ctx);
  return { ...run, report: run.stdout ? (JSON.parse(run.stdout) as VerifyStreamsReport) : undefined };
};

/** The event documents of the database, read straight from it (the oracle for "every stream"). */
async function eventDocuments(tenantId?: string) {
  const query = service.ctx.db.collectionGroup('events');
  const docs = (await (tenantId ? query.where('tenantId', '==', tenantId) : query).select().get()).docs;
  return docs.filter((d) => d.ref.path.startsWith('streams/'));
}

async function streamsInDatabase(): Promise<string[]> {
  return [...new Set((await eventDocuments()).map((d) => d.ref.parent.parent?.id as string))].sort();
}

describe('an untouched log', () => {
  onALogOfItsOwn();

  it('verifies every stream (system, tenants, runs, usage months) and exits 0', async () => {
    const streams = await streamsInDatabase();
    expect(streams).toEqual(
      expect.arrayContaining(['system', tenantStreamId('verify_a'), runStreamId(runOfA), runStreamId(runOfB)]),
    );
    expect(streams.filter((s) => s.startsWith('usage-'))).toHaveLength(2);
    const { code, report } = await verify();
    expect(code).toBe(0);
    expect(report).toMatchObject({
      scope: 'all',
      ok: true,
      streams: streams.length,
      events: (await eventDocuments()).length,
      broken: [],
    });
  });

  it("--tenant verifies that tenant's streams only", async () => {
    const { code, report } = await verify('--tenant', 'verify_a');
    expect(code).toBe(0);
    const ofA = (await streamsInDatabase()).filter(
      (s) => s === tenantStreamId('verify_a') || s === runStreamId(runOfA) || s.startsWith('usage-verify_a-'),
    );
    expect(ofA).toHaveLength(3);
    const eventsOfA = (await eventDocuments('verify_a')).length;
    expect(report).toMatchObject({ scope: 'verify_a', ok: true, streams: 3, events: eventsOfA, broken: [] });
  });

  it('says so for people, in one line', async () => {
    const run = await runCliCaptured(['audit', 'verify', '--parallelism', '2'], service.ctx);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^OK: every stream verified, every hash chain holds \(\d+ stream\(s\), \d+ event\(s\) proven, \d+ ms\)\n$/,
    );
  });
});

const altered = eventPath(tenantStreamId('verify_a'), 2);
const alterAnEvent = async (): Promise<void> => {
  await service.ctx.db.doc(altered).update({ 'meta.actor': 'someone-else' });
};

describe('a tampered log: one event of verify_a altered', () => {
  onALogOfItsOwn(alterAnEvent);

  it('an event altered in the database is named: stream, revision, document path, reason; exit 1', async () => {
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report?.ok).toBe(false);
    expect(report?.broken).toEqual([
      {
        stream_id: tenantStreamId('verify_a'),
        revision: 2,
        path: altered,
        reason: 'hash_mismatch',
        detail: 'content does not match its hash',
        verified_events: 1,
      },
    ]);
    expect(report?.streams).toBe((await streamsInDatabase()).length);

    const human = await runCliCaptured(['audit', 'verify'], service.ctx);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^BROKEN: 1 of \d+ stream\(s\) of every stream fail verification/);
    expect(human.stdout).toMatch(
      new RegExp(`^ {2}tenant-verify_a +2 +${altered} +hash_mismatch +content does not match its hash$`, 'm'),
    );
  });

  it("--tenant of the altered tenant fails; the other tenant's streams still verify", async () => {
    expect((await verify('--tenant', 'verify_a')).report?.broken.map((b) => [b.stream_id, b.revision, b.path])).toEqual(
      [[tenantStreamId('verify_a'), 2, altered]],
    );
    expect((await verify('--tenant', 'verify_a')).code).toBe(1);
    const other = await verify('--tenant', 'verify_b');
    expect(other.code).toBe(0);
    expect(other.report).toMatchObject({ ok: true, streams: 3, broken: [] });
  });
});

describe("a tampered log: one event of verify_a altered and the first event of verify_b's run deleted", () => {
  onALogOfItsOwn(async () => {
    await alterAnEvent();
    await service.ctx.db.doc(eventPath(runStreamId(runOfB), 1)).delete();
  });

  it("a stream whose first event was deleted is still found, by its documents' names, and fails at revision 1", async () => {
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report?.broken.map((b) => [b.stream_id, b.revision, b.path, b.reason])).toEqual(
      [
        [runStreamId(runOfB), 1, eventPath(runStreamId(runOfB), 2), 'revision_gap'],
        [tenantStreamId('verify_a'), 2, altered, 'hash_mismatch'],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
  });
});

describe('arguments', () => {
  onALogOfItsOwn();

  it('a tenant without events exits 1; a bad tenant id or parallelism exits 2 before anything starts', async () => {
    const missing = await runCliCaptured(['audit', 'verify', '--tenant', 'nobody_here'], service.ctx);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('TENANT_NOT_FOUND');
    for (const argv of [
      ['audit', 'verify', '--tenant', 'Not-A-Tenant'],
      ['audit', 'verify', '--parallelism', '0'],
      ['audit', 'verify', '--parallelism', 'many'],
      ['audit', 'verify', 'extra'],
    ]) {
      const run = await runCliCaptured(argv);
      expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    }
  });

  it('`convergence --help` lists audit, and `audit --help` its two commands', async () => {
    const help = await runCliCaptured(['--help']);
    expect(help.stdout).toMatch(/^ {2}audit /m);
    const audit = await runCliCaptured(['audit', '--help']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/^ {2}tenant \[options\] <tenant_id> /m);
    expect(audit.stdout).toMatch(/^ {2}verify \[options\] /m);
  });
});
