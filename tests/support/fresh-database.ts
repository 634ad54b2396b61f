import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { testProjectId } from './firestore';

// Each test file starts from an empty database: its worker's project is cleared first.
beforeAll(async () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (host) await clearFirestoreEmulator(host, testProjectId());
});
