import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { DomainError } from '../errors';

/** The System aggregate: bootstrap facts (partition count, schema version) and their audit trail. */
export const systemEventCodecs = {
  SystemBootstrapped: t.readonly(
    t.type({
      partitions: t.number,
      schemaVersion: t.number,
      dataset: t.string,
      created: t.readonlyArray(t.string),
      existing: t.readonlyArray(t.string),
      bootstrappedAt: t.string,
    }),
  ),
  SystemBootstrapRepeated: t.readonly(
    t.type({
      schemaVersion: t.number,
      created: t.readonlyArray(t.string),
      existing: t.readonlyArray(t.string),
      recreated: t.readonlyArray(t.string),
      repeatedAt: t.string,
    }),
  ),
} as const;

type Codecs = typeof systemEventCodecs;
export type SystemEvent = {
  [K in keyof Codecs]: { readonly type: K; readonly data: t.TypeOf<Codecs[K]> };
}[keyof Codecs];

export type SystemState =
  | { readonly bootstrapped: false }
  | {
      readonly bootstrapped: true;
      readonly partitions: number;
      readonly schemaVersion: number;
      readonly dataset: string;
    };

export const initialSystemState: SystemState = { bootstrapped: false };

export type SystemCommand = {
  readonly type: 'RecordBootstrap';
  readonly data: {
    readonly partitions: number;
    readonly schemaVersion: number;
    readonly dataset: string;
    readonly created: readonly string[];
    readonly existing: readonly string[];
    readonly recreated: readonly string[];
    readonly now: string;
  };
};

export function decideSystem(
  command: SystemCommand,
  state: SystemState,
): E.Either<DomainError, readonly SystemEvent[]> {
  const { partitions, schemaVersion, dataset, created, existing, recreated, now } = command.data;
  if (!state.bootstrapped) {
    return E.right([
      {
        type: 'SystemBootstrapped',
        data: {
          partitions,
          schemaVersion,
          dataset,
          created: [...created, ...recreated],
          existing,
          bootstrappedAt: now,
        },
      },
    ]);
  }
  // The partition count is fixed by the first bootstrap: a later one keeps it whatever the configuration says.
  return E.right([
    { type: 'SystemBootstrapRepeated', data: { schemaVersion, created, existing, recreated, repeatedAt: now } },
  ]);
}

export function evolveSystem(state: SystemState, event: SystemEvent): SystemState {
  switch (event.type) {
    case 'SystemBootstrapped':
      return {
        bootstrapped: true,
        partitions: event.data.partitions,
        schemaVersion: event.data.schemaVersion,
        dataset: event.data.dataset,
      };
    case 'SystemBootstrapRepeated':
      return state.bootstrapped ? { ...state, schemaVersion: event.data.schemaVersion } : state;
  }
}
