import {
  decideSystem,
  evolveSystem,
  initialSystemState,
  type SystemCommand,
  type SystemEvent,
  type SystemState,
} from '../../src/domain/system/system';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<SystemCommand, SystemEvent, SystemState>({
  decide: decideSystem,
  evolve: evolveSystem,
  initialState: initialSystemState,
});
const now = '2026-11-26T10:00:00.000Z';
const command = (
  partitions: number,
  created: string[],
  existing: string[],
  recreated: string[] = [],
): SystemCommand => ({
  type: 'RecordBootstrap',
  data: { partitions, schemaVersion: 1, dataset: 'tenants', created, existing, recreated, now },
});

describe('System decider', () => {
  it('records the first bootstrap with its partition count', () => {
    const state = spec
      .given([])
      .when(command(16, ['tenant_profiles'], []))
      .then([
        {
          type: 'SystemBootstrapped',
          data: {
            partitions: 16,
            schemaVersion: 1,
            dataset: 'tenants',
            created: ['tenant_profiles'],
            existing: [],
            bootstrappedAt: now,
          },
        },
      ]);
    expect(state).toEqual({ bootstrapped: true, partitions: 16, schemaVersion: 1, dataset: 'tenants' });
  });

  it('records a repeated bootstrap without changing the partition count', () => {
    const first: SystemEvent = {
      type: 'SystemBootstrapped',
      data: { partitions: 16, schemaVersion: 1, dataset: 'tenants', created: [], existing: [], bootstrappedAt: now },
    };
    const state = spec
      .given([first])
      .when(command(32, [], ['tenant_profiles'], ['tenant_event_log']))
      .then([
        {
          type: 'SystemBootstrapRepeated',
          data: {
            schemaVersion: 1,
            created: [],
            existing: ['tenant_profiles'],
            recreated: ['tenant_event_log'],
            repeatedAt: now,
          },
        },
      ]);
    expect(state).toMatchObject({ partitions: 16 });
  });
});
