import * as E from 'fp-ts/Either';
import { domainError, type DomainError } from '../errors';
import type { ApiKeyUsedData, ApiKeyUseEvent } from './events';

export type ApiKeyUseCommand = { readonly type: 'RecordApiKeyUse'; readonly data: ApiKeyUsedData };

/** Whether the minute's stream already holds the key's use. */
export interface ApiKeyUseState {
  readonly recorded: boolean;
}

export const initialApiKeyUseState: ApiKeyUseState = { recorded: false };

/** A minute's use is recorded once: a second decision on the same minute's stream decides nothing. */
export function decideApiKeyUse(
  command: ApiKeyUseCommand,
  state: ApiKeyUseState,
): E.Either<DomainError, readonly ApiKeyUseEvent[]> {
  switch (command.type) {
    case 'RecordApiKeyUse': {
      if (Number.isNaN(Date.parse(command.data.usedAt)))
        return E.left(domainError('INVALID_COMMAND', `Not an instant: ${JSON.stringify(command.data.usedAt)}`));
      return E.right(state.recorded ? [] : [{ type: 'ApiKeyUsed', data: command.data }]);
    }
    default:
      return exhaustive(command.type);
  }
}

export function evolveApiKeyUse(state: ApiKeyUseState, event: ApiKeyUseEvent): ApiKeyUseState {
  switch (event.type) {
    case 'ApiKeyUsed':
      return { recorded: true };
    default:
      return exhaustive(event.type);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled ${String(value)}`);
}
