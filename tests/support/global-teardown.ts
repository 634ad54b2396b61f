import type { RunningFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __firestoreEmulator__?: RunningFirestoreEmulator }).__firestoreEmulator__?.stop();
}
