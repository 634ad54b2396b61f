import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Firestore } from '@google-cloud/firestore';
import { serviceEventRegistry } from '../../src/app/event-registry';
import { createEventStore, type EventStore } from '../../src/eventstore';
import { eventPath } from '../../src/eventstore/layout';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { registerLocalEventarcTrigger } from '../../src/local/eventarc/register-local-eventarc-trigger';
import {
  startLocalEventarc,
  type LocalEventarcDelivery,
  type RunningLocalEventarc,
} from '../../src/local/eventarc/start-local-eventarc';
import {
  freePort,
  startFirestoreEmulator,
  type RunningFirestoreEmulator,
} from '../../src/local/firestore/start-firestore-emulator';
import { Arrivals } from '../support/arrivals';
import { startTestService, type TestService } from '../support/service';
import { RecordingDoorbell } from './recording-doorbell';

/**
 * End to end: a Firestore emulator of its own, started with --functions_emulator = the local Eventarc bridge; the
 * trigger registered; events appended by the real event store → the emulator's hook → the bridge → the service's
 * POST /eventarc/firestore (real app, real auth) → the doorbell rings the event's partition.
 */
const PROJECT = 'convergence-eventarc-e2e';

let service: TestService;
let server: Server;
let doorbell: RecordingDoorbell;
let deliveries: Arrivals<LocalEventarcDelivery>;
let bridge: RunningLocalEventarc;
let emulator: RunningFirestoreEmulator;
let db: Firestore;
let store: EventStore;

beforeAll(async () => {
  service = await startTestService();
  doorbell = new RecordingDoorbell();
  const app = createApp({
    logger: createLogger('silent'),
    version: 'test',
    readiness: {},
    api: { ctx: { ...service.ctx, projectId: PROJECT }, auth: service.auth, doorbell },
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  deliveries = new Arrivals<LocalEventarcDelivery>();
  bridge = await startLocalEventarc({
    projectId: PROJECT,
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serviceToken: service.secrets.serviceToken,
    report: (delivery) => deliveries.push(delivery),
    retry: { attempts: 3, baseDelayMs: 20 },
  });
  // Not the suite's shared emulator: this one must call the bridge.
  emulator = await startFirestoreEmulator({
    port: 0,
    functionsEmulator: bridge.address,
    env: { ...process.env, FIRESTORE_EMULATOR_HOST: '' },
  });
  await bridge.registerTrigger(emulator.host);
  db = firestoreOn(emulator.host, PROJECT);
  store = createEventStore({ db, registry: serviceEventRegistry(), partitions: 16, settleMs: 0 });
});

afterAll(async () => {
  await db?.terminate();
  await emulator?.stop();
  await bridge?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await service?.stop();
});

/** The Firestore client takes FIRESTORE_EMULATOR_HOST over its settings, and only when it is constructed. */
function firestoreOn(host: string, projectId: string): Firestore {
  const shared = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = host;
  try {
    return new Firestore({ projectId });
  } finally {
    process.env.FIRESTORE_EMULATOR_HOST = shared;
  }
}

const now = new Date('2026-11-27T08:00:00Z').toISOString();

describe('local Eventarc, end to end', () => {
  it('delivers one CloudEvent per appended event, decoded by the endpoint to its document and partition', async () => {
    const streamId = 'tenant-eventarc_e2e';
    const appended = await store.append(
      streamId,
      'no_stream',
      [
        { type: 'TenantSuspended', data: { reason: 'e2e', suspendedAt: now } },
        { type: 'TenantReactivated', data: { reactivatedAt: now } },
      ],
      { tenantId: 'eventarc_e2e' },
    );
    const { events } = await store.readStream(streamId);
    const partition = events[0]?.partition;
    expect(events.map((event) => event.partition)).toEqual([partition, partition]);

    await deliveries.until(2);
    const received = [...deliveries.items].sort((a, b) => String(a.subject).localeCompare(String(b.subject)));
    expect(received).toEqual(
      [1, 2].map((revision) => ({
        subject: `documents/${eventPath(streamId, revision)}`,
        attempts: 1,
        status: 200,
        body: { outcome: 'caught_up', document_path: eventPath(streamId, revision), partition, events: 1 },
      })),
    );
    expect(appended.position.path).toBe(eventPath(streamId, 2));
    expect(doorbell.rung.items).toEqual([partition, partition]);
  });

  it('redelivers, as Eventarc does, when the service answers 503', async () => {
    const before = deliveries.items.length;
    const rungBefore = doorbell.rung.items.length;
    doorbell.failWith = new Error('transient');
    const streamId = 'tenant-eventarc_retry';
    await store.append(
      streamId,
      'no_stream',
      [{ type: 'TenantSuspended', data: { reason: 'retry', suspendedAt: now } }],
      { tenantId: 'eventarc_retry' },
    );
    await doorbell.rung.until(rungBefore + 1);
    doorbell.failWith = undefined;

    await deliveries.until(before + 1);
    const delivery = deliveries.items[before];
    expect(delivery).toMatchObject({
      subject: `documents/${eventPath(streamId, 1)}`,
      status: 200,
      body: { outcome: 'caught_up' },
    });
    expect(delivery?.attempts).toBeGreaterThanOrEqual(2);
    const [event] = (await store.readStream(streamId)).events;
    expect(doorbell.rung.items.slice(rungBefore)).toEqual(new Array(delivery?.attempts).fill(event?.partition));
  });

  it('answers 404 to anything but the trigger’s path', async () => {
    const response = await fetch(`http://${bridge.address}/functions/projects/${PROJECT}/triggers/another`, {
      method: 'POST',
      body: 'x',
    });
    expect(response.status).toBe(404);
  });

  it('reports a trigger the emulator cannot take with a typed error', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    await expect(
      registerLocalEventarcTrigger({ emulatorHost: nobody, projectId: PROJECT, timeoutMs: 2_000 }),
    ).rejects.toMatchObject({
      code: 'EVENTARC_TRIGGER_REGISTRATION_FAILED',
      message: expect.stringContaining(nobody),
    });
  });
});
