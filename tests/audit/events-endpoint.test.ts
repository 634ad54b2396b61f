import request from 'supertest';
import type { RecordedEvent } from '../../src/eventstore';
import type { TimelineEntry } from '../../src/projections/audit/audit-timeline';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  credentialBody,
  expectErrorShape,
  issueKey,
  onboard,
  secretsFoundIn,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { ceilMillis, ok, runToSuccess, storedTenantEvents } from './support';

/** GET /api/v1/tenants/{tenant_id}/audit/events: a tenant's own history, paged by cursor, on the real service. */
const TENANT = 'ledger_co';
let service: TestService;
let tenant: OnboardedTenant;
let other: OnboardedTenant;
let stored: RecordedEvent[];
const aws = awsCredential();
const issuedKeys: string[] = [];

beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, TENANT);
  other = await onboard(service, 'neighbour_co');
  for (const name of ['one', 'two', 'three'])
    issuedKeys.push((await issueKey(service, TENANT, { name, scopes: ['pipelines:read'] })).apiKey);
  await ok(
    request(service.app)
      .post(`/api/v1/tenants/${TENANT}/credentials`)
      .set(adminHeaders(service))
      .send(credentialBody(aws)),
  );
  await runToSuccess(service, TENANT);
  await runToSuccess(service, 'neighbour_co');
  await issueKey(service, 'neighbour_co', { name: 'theirs', scopes: ['pipelines:read'] });
  stored = await storedTenantEvents(service, TENANT);
  // The listing stops one settle (1 s) behind the service's clock: put the clock past the last commit.
  service.setNow(new Date(ceilMillis(stored.at(-1) as RecordedEvent) + 1_000));
});
afterAll(async () => {
  await service?.stop();
});

const eventsPath = (tenantId = TENANT) => `/api/v1/tenants/${tenantId}/audit/events`;
const list = (query: Record<string, string>, headers: Record<string, string> = { 'X-API-Key': tenant.apiKey }) =>
  request(service.app)
    .get(eventsPath())
    .set(headers)
    .query(query)
    .then((response) => response);

async function allPages(
  limit: number,
  headers?: Record<string, string>,
): Promise<{ pages: number; events: TimelineEntry[] }> {
  const events: TimelineEntry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await list({ limit: String(limit), ...(cursor ? { cursor } : {}) }, headers);
    expect(response.status).toBe(200);
    expect(response.body.events.length).toBeLessThanOrEqual(limit);
    events.push(...response.body.events);
    cursor = response.body.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < 100);
  return { pages, events };
}

describe("a tenant's audit events", () => {
  it("lists the tenant's own events in commit order, as timeline entries without event data", async () => {
    expect(stored.length).toBeGreaterThan(12);
    const response = await list({});
    expect(response.status).toBe(200);
    expect(response.body.tenant_id).toBe(TENANT);
    expect(response.body.next_cursor).toBeNull();
    expect(response.body.events.map((e: TimelineEntry) => e.event_id)).toEqual(stored.map((e) => e.eventId));
    expect(response.body.events[0]).toEqual({
      recorded_at: stored[0]?.recordedAt.toDate().toISOString(),
      stream_id: `tenant-${TENANT}`,
      revision: 1,
      type: 'TenantOnboarded',
      event_id: stored[0]?.eventId,
      actor: 'admin',
      asserted_user_id: null,
      summary: `onboarded "Company ${TENANT}" on STARTER (timezone UTC)`,
    });
    expect(response.body.events.some((e: TimelineEntry) => e.stream_id.startsWith('run-'))).toBe(true);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('neighbour_co');
    const ciphertext = String(
      (stored.find((e) => e.type === 'CredentialStored')?.data as { encrypted: { ciphertext: string } }).encrypted
        .ciphertext,
    );
    expect(
      secretsFoundIn(text, {
        ...aws.secrets,
        ciphertext,
        ...Object.fromEntries(issuedKeys.map((k, i) => [`key ${i}`, k])),
      }),
    ).toEqual([]);
  });

  it('pages by cursor without gaps or duplicates, for the tenant key and the admin key alike', async () => {
    for (const headers of [{ 'X-API-Key': tenant.apiKey }, adminHeaders(service)]) {
      const { pages, events } = await allPages(4, headers);
      expect(pages).toBe(Math.ceil(stored.length / 4));
      expect(events.map((e) => e.event_id)).toEqual(stored.map((e) => e.eventId));
    }
  });

  it('from and to bound the commit times, inclusively', async () => {
    const [first, middle, last] = [stored[2], stored[6], stored[10]] as [RecordedEvent, RecordedEvent, RecordedEvent];
    const iso = (e: RecordedEvent) => e.recordedAt.toDate().toISOString();
    const response = await list({ from: iso(middle), to: iso(last) });
    expect(response.status).toBe(200);
    const expected = stored.filter(
      (e) => e.recordedAt.toMillis() >= Date.parse(iso(middle)) && ceilMillis(e) <= Date.parse(iso(last)),
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(response.body.events.map((e: TimelineEntry) => e.event_id)).toEqual(expected.map((e) => e.eventId));
    expect(response.body.listed_through).toBe(iso(last));
    // Paging within bounds stays within them.
    const paged = await list({ from: iso(first), to: iso(middle), limit: '2' });
    expect(paged.body.events.map((e: TimelineEntry) => e.event_id)).toEqual(
      stored
        .filter((e) => e.recordedAt.toMillis() >= Date.parse(iso(first)))
        .slice(0, 2)
        .map((e) => e.eventId),
    );
    const rest = await list({ from: iso(first), to: iso(middle), limit: '500', cursor: paged.body.next_cursor });
    expect([...paged.body.events, ...rest.body.events].map((e: TimelineEntry) => e.event_id)).toEqual(
      stored
        .filter((e) => e.recordedAt.toMillis() >= Date.parse(iso(first)) && ceilMillis(e) <= Date.parse(iso(middle)))
        .map((e) => e.eventId),
    );
  });

  it('stops one settle behind the service clock, so a commit still in flight is never skipped behind a cursor', async () => {
    const last = stored.at(-1) as RecordedEvent;
    service.setNow(new Date(ceilMillis(last) + 500));
    try {
      const response = await list({ limit: '500' });
      expect(response.status).toBe(200);
      expect(Date.parse(response.body.listed_through)).toBe(ceilMillis(last) - 500);
      const expected = stored.filter((e) => ceilMillis(e) <= ceilMillis(last) - 500);
      expect(expected.length).toBeLessThan(stored.length);
      expect(response.body.events.map((e: TimelineEntry) => e.event_id)).toEqual(expected.map((e) => e.eventId));
    } finally {
      service.setNow(new Date(ceilMillis(last) + 1_000));
    }
  });

  it("another tenant's key is refused with 403, no key with 401", async () => {
    const forbidden = await list({}, { 'X-API-Key': other.apiKey });
    expect(forbidden.status).toBe(403);
    expectErrorShape(forbidden.body, 'FORBIDDEN');
    const anonymous = await request(service.app).get(eventsPath());
    expect(anonymous.status).toBe(401);
    expectErrorShape(anonymous.body, 'UNAUTHORIZED');
  });

  it.each([
    [{ limit: '0' }, 'INVALID_PAYLOAD'],
    [{ limit: '501' }, 'INVALID_PAYLOAD'],
    [{ limit: 'ten' }, 'INVALID_PAYLOAD'],
    [{ cursor: 'not a cursor!' }, 'INVALID_PAYLOAD'],
    [{ cursor: Buffer.from('12|streams/x').toString('base64url') }, 'INVALID_CURSOR'],
    [{ cursor: Buffer.from('not a position').toString('base64url') }, 'INVALID_CURSOR'],
    [{ from: 'yesterday' }, 'INVALID_PAYLOAD'],
    [{ to: '2026-02-30T00:00:00Z' }, 'INVALID_PAYLOAD'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'INVALID_PARAMETER'],
  ])('bad query %j: 400 %s', async (query, code) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, code);
  });

  it('a repeated parameter is refused, and so is a bad tenant id in the path', async () => {
    const repeated = await request(service.app).get(`${eventsPath()}?limit=2&limit=3`).set('X-API-Key', tenant.apiKey);
    expect(repeated.status).toBe(400);
    expectErrorShape(repeated.body, 'INVALID_PAYLOAD');
    const badId = await request(service.app).get(eventsPath('No-Such!')).set(adminHeaders(service));
    expect(badId.status).toBe(400);
    expectErrorShape(badId.body, 'INVALID_TENANT_ID');
  });
});
