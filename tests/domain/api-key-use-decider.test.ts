import {
  decideApiKeyUse,
  evolveApiKeyUse,
  initialApiKeyUseState,
  type ApiKeyUseCommand,
  type ApiKeyUseState,
} from '../../src/domain/api-key-use/decide';
import type { ApiKeyUseEvent } from '../../src/domain/api-key-use/events';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<ApiKeyUseCommand, ApiKeyUseEvent, ApiKeyUseState>({
  decide: decideApiKeyUse,
  evolve: evolveApiKeyUse,
  initialState: initialApiKeyUseState,
});
const use = (usedAt: string): ApiKeyUseCommand => ({ type: 'RecordApiKeyUse', data: { keyId: 'k1', usedAt } });

describe('API key use decider', () => {
  describe('given a minute with no recorded use', () => {
    it('records the use', () => {
      spec
        .given([])
        .when(use('2026-12-07T10:15:31.000Z'))
        .then([{ type: 'ApiKeyUsed', data: { keyId: 'k1', usedAt: '2026-12-07T10:15:31.000Z' } }]);
    });

    it('refuses a use time that is not an instant', () => {
      spec.given([]).when(use('yesterday')).thenFails('INVALID_COMMAND');
    });
  });

  describe('given the minute already holds a use', () => {
    it('records nothing more', () => {
      spec
        .given([{ type: 'ApiKeyUsed', data: { keyId: 'k1', usedAt: '2026-12-07T10:15:01.000Z' } }])
        .when(use('2026-12-07T10:15:40.000Z'))
        .then([]);
    });
  });
});
