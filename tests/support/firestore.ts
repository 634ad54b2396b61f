import { Firestore } from '@google-cloud/firestore';
import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';

export function testProjectId(): string {
  return `convergence-test-${process.env.JEST_WORKER_ID ?? '0'}`;
}

/** A Firestore client on this worker's emulator project; closed by the caller's afterAll. */
export function testFirestore(): Firestore {
  return new Firestore({ projectId: testProjectId(), ignoreUndefinedProperties: false });
}

export async function clearTestDatabase(): Promise<void> {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  await clearFirestoreEmulator(host, testProjectId());
}
