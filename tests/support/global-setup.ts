import { startFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';

/** One Firestore emulator per test run (or the one FIRESTORE_EMULATOR_HOST names). */
export default async function globalSetup(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const emulator = await startFirestoreEmulator({ port: 0 });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  (globalThis as { __firestoreEmulator__?: typeof emulator }).__firestoreEmulator__ = emulator;
}
