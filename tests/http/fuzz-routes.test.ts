import { gzipSync } from 'node:zlib';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { adminHeaders, bootstrap, onboard, type OnboardedTenant } from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

/**
 * Seeded fuzzing of every route express has registered: hostile path segments, query strings, bodies, content
 * types and encodings, under every kind of caller. No answer may be a 5xx, and every 4xx carries a code and a
 * message. The seed is printed; FUZZ_SEED=<seed> replays a run, FUZZ_RUNS=<n> sizes it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_500);

let service: TestService;
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, 'fuzz_ok');
});
afterAll(async () => {
  await service?.stop();
});

interface Route {
  readonly method: string;
  readonly path: string;
}

/** The routes of the app, read from its router stack (nested routers included), so a new route is fuzzed too. */
function routesOf(app: Express): Route[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const routes: Route[] = [];
  const walk = (stack: readonly Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') routes.push({ method, path: layer.route.path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}

/** Segments already in wire form (percent-encoded where meant to be). */
const HOSTILE_SEGMENTS = [
  '%zz',
  '%C0%AF',
  'a%00b',
  '%',
  '%E0%A4%A',
  '%ff%fe',
  '%2e%2e%2f',
  '..',
  '%2F',
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'a'.repeat(300),
  'x'.repeat(5000),
  encodeURIComponent('租户_tenant'),
  encodeURIComponent('🙂'),
  'ACME',
  'ab',
  'setup',
  'fuzz_ok',
  'gcp',
  'cost',
  'cost_billing',
  'run-fuzz_ok-20260101T0000Z',
  'r1',
  "o'brien",
];
const segment = fc.oneof(
  fc.constantFrom(...HOSTILE_SEGMENTS),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

const HOSTILE_TIMES = [
  '+275760-09-13',
  '9999-99-99',
  '0000-01-01',
  '1e20',
  '-271821-04-20T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-11-27T09:30:00Z',
  '2150-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '',
  'now',
  '2026-11-27',
];
const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_TIMES, ...HOSTILE_SEGMENTS),
  fc.string({ maxLength: 30 }),
  fc.integer().map(String),
);
const QUERY_KEYS = [
  'as_of',
  'from',
  'to',
  'limit',
  'cursor',
  'tenant_id',
  'status',
  'pipeline_id',
  '__proto__',
  'constructor',
  'x',
];
const queryString = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), hostileValue), { maxLength: 4 })
  .map((pairs) =>
    pairs.map(([key, value]) => `${key}=${value.startsWith('%') ? value : encodeURIComponent(value)}`).join('&'),
  );

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const RAW_BODIES = [
  deep(5_000),
  deep(70),
  `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`,
  JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)),
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{',
  'null',
  '"text"',
  '[]',
  '{}',
  'not json',
  JSON.stringify({ date: '+275760-09-13' }),
  JSON.stringify({ date: '0000-01-01' }),
  JSON.stringify({ expires_at: '+275760-09-13T00:00:00Z', name: 'k', scopes: ['pipelines:read'] }),
  JSON.stringify({ run_id: '__proto__', tenant_id: 'fuzz_ok' }),
  JSON.stringify({ tenant_id: 'constructor', company_name: 'c', contact_email: 'a@b.co' }),
  JSON.stringify({
    provider: 'gcp',
    domain: 'cost',
    template: 'cost_billing',
    schedule_cron: '0 6 * * *',
    parameters: { __proto__: 1 },
  }),
];
const body = fc.oneof(
  fc.constantFrom(...RAW_BODIES),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/x-protobuf',
  'multipart/form-data',
  '',
];
const ENCODINGS = ['', 'gzip', 'gzip-real', 'deflate', 'br', 'identity', 'compress', 'zstd', 'gzip, br'];
const CALLERS = ['none', 'random', 'admin', 'tenant', 'service', 'bad-bearer'] as const;

const hostileRequest = (routes: readonly Route[]) =>
  fc.record({
    route: fc.constantFrom(...routes),
    segments: fc.array(segment, { minLength: 4, maxLength: 4 }),
    keepSegments: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    query: queryString,
    body: fc.option(body, { nil: undefined }),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    encoding: fc.constantFrom(...ENCODINGS),
    caller: fc.constantFrom(...CALLERS),
    scheduleTime: fc.option(fc.constantFrom(...HOSTILE_TIMES), { nil: undefined }),
  });
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type HostileRequest = ValueOf<ReturnType<typeof hostileRequest>>;

/** The route's path with each parameter either kept sensible (the tenant that exists) or made hostile. */
function urlOf(input: HostileRequest): string {
  let index = 0;
  const path = input.route.path.replace(/:([A-Za-z_]+)/g, (_match: string, name: string) => {
    const at = index++ % 4;
    if (input.keepSegments[at]) return name === 'tenant_id' ? tenant.tenantId : (input.segments[at] as string);
    return input.segments[at] as string;
  });
  return input.query ? `${path}?${input.query}` : path;
}

function headersOf(input: HostileRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (input.caller === 'random') headers['X-API-Key'] = 'cvg_live_notakeyatall0000000000000000';
  if (input.caller === 'admin') Object.assign(headers, adminHeaders(service));
  if (input.caller === 'tenant') headers['X-API-Key'] = tenant.apiKey;
  if (input.caller === 'service') headers.Authorization = `Bearer ${service.secrets.serviceToken}`;
  if (input.caller === 'bad-bearer') headers.Authorization = 'Bearer %zz';
  if (input.contentType) headers['Content-Type'] = input.contentType;
  if (input.encoding && input.encoding !== 'gzip-real') headers['Content-Encoding'] = input.encoding;
  if (input.encoding === 'gzip-real') headers['Content-Encoding'] = 'gzip';
  if (input.scheduleTime !== undefined) headers['X-CloudScheduler-ScheduleTime'] = input.scheduleTime;
  return headers;
}

/** What a failure message shows: enough to replay the request by hand (the secrets by role, not value). */
function describeRequest(input: HostileRequest): string {
  const bodyText =
    input.body === undefined
      ? ''
      : ` body=${input.body.slice(0, 120)}${input.body.length > 120 ? `… (${input.body.length} chars)` : ''}`;
  return (
    `${input.route.method.toUpperCase()} ${urlOf(input).slice(0, 200)} caller=${input.caller} content-type=${JSON.stringify(input.contentType)} ` +
    `content-encoding=${JSON.stringify(input.encoding)} schedule-time=${JSON.stringify(input.scheduleTime)}${bodyText}`
  );
}

async function send(app: Express, input: HostileRequest): Promise<request.Response> {
  const method = input.route.method as 'get' | 'post' | 'put' | 'delete' | 'patch';
  const call = request(app)[method](urlOf(input)).set(headersOf(input));
  if (input.body === undefined) return call.then((response) => response);
  const payload = input.encoding === 'gzip-real' ? gzipSync(input.body) : Buffer.from(input.body);
  return call.send(payload).then((response) => response);
}

describe('fuzzed requests on every route', () => {
  it(`answers no 5xx and a coded 4xx to ${RUNS} hostile requests (seed ${SEED})`, async () => {
    console.log(`fuzz-routes: seed ${SEED}, ${RUNS} requests (FUZZ_SEED=${SEED} to replay)`);
    const routes = routesOf(service.app);
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const input of fc.sample(hostileRequest(routes), { seed: SEED, numRuns: RUNS })) {
      let response: request.Response;
      try {
        response = await send(service.app, input);
      } catch (error) {
        failures.push(`${describeRequest(input)} → request failed: ${String(error)}`);
        continue;
      }
      const coded =
        typeof response.body?.error === 'string' &&
        typeof response.body?.message === 'string' &&
        response.body.message.length > 0;
      if (response.status >= 500)
        failures.push(`${describeRequest(input)} → ${response.status} ${response.text.slice(0, 200)}`);
      else if (response.status >= 400 && !coded)
        failures.push(
          `${describeRequest(input)} → ${response.status} without error/message: ${response.text.slice(0, 200)}`,
        );
    }
    expect({ seed: SEED, failures: failures.slice(0, 25), count: failures.length }).toEqual({
      seed: SEED,
      failures: [],
      count: 0,
    });
  });

  it('covers routes of every part of the API (the router walk finds nested routers)', () => {
    const paths = routesOf(service.app).map((route) => route.path);
    for (const path of [
      '/api/v1/tenants/:tenant_id',
      '/api/v1/admin/replay/:replayId',
      '/api/v1/pipelines/runs/:run_id',
      '/eventarc/firestore',
      '/health',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
