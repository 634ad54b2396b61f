import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('needs no variable: every setting has an embedded default', () => {
    expect(loadConfig({})).toEqual({
      _tag: 'Right',
      right: { port: 8080, logLevel: 'info', projectId: 'convergence-local', firestoreEmulatorHost: undefined, partitions: 16, settleMs: 1000 },
    });
  });

  it('names every bad variable in one error', () => {
    const result = loadConfig({ PORT: 'eighty', CONVERGENCE_PARTITIONS: '0', LOG_LEVEL: 'loud', FIRESTORE_EMULATOR_HOST: 'nohost' });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.code).toBe('INVALID_CONFIG');
    expect(result.left.problems).toEqual([
      'PORT: expected an integer from 1 to 65535, got "eighty"',
      'LOG_LEVEL: expected "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent", got "loud"',
      'FIRESTORE_EMULATOR_HOST: expected undefined | host:port, got "nohost"',
      'CONVERGENCE_PARTITIONS: expected an integer from 1 to 256, got "0"',
    ]);
  });
});
