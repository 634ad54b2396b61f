import type * as E from 'fp-ts/Either';

interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => E.Either<{ readonly code: string }, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/** Given/when/then for pure deciders (after Emmett's DeciderSpecification): no I/O, no mocks. */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (events: readonly Event[]) => ({
      when: (command: Command) => {
        const state = events.reduce(decider.evolve, decider.initialState);
        const result = decider.decide(command, state);
        return {
          then: (expected: readonly Event[]) => {
            if (result._tag === 'Left') throw new Error(`expected events, got ${result.left.code}`);
            expect(result.right).toEqual(expected);
            return result.right.reduce(decider.evolve, state);
          },
          thenFails: (code: string) => {
            if (result._tag === 'Right') throw new Error(`expected ${code}, got ${JSON.stringify(result.right)}`);
            expect(result.left.code).toBe(code);
          },
        };
      },
    }),
  };
}
