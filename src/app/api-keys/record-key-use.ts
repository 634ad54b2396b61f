import {
  decideApiKeyUse,
  evolveApiKeyUse,
  initialApiKeyUseState,
  type ApiKeyUseCommand,
  type ApiKeyUseState,
} from '../../domain/api-key-use/decide';
import { apiKeyUseEventCodecs, keyUseStreamId, type ApiKeyUseEvent } from '../../domain/api-key-use/events';
import type { InlineWrite } from '../../eventstore';
import { eventTypesOf, type Decider } from '../decide-and-append';
import { decideAndCreate } from '../decide-and-create';
import type { ServiceContext } from '../service-context';

export const apiKeyUseDecider: Decider<ApiKeyUseCommand, ApiKeyUseEvent, ApiKeyUseState> = {
  eventTypes: eventTypesOf(apiKeyUseEventCodecs),
  decide: decideApiKeyUse,
  evolve: evolveApiKeyUse,
  initialState: initialApiKeyUseState,
};

/**
 * Records a key's use as the ApiKeyUsed event of its minute's own stream, with `lastUsedAt` on the key's index
 * document in the same commit (guarded by `keyWrite`'s precondition), so the warehouse's last_used_at comes
 * from the log. `exists`: this minute's use is recorded already.
 */
export async function recordKeyUse(
  ctx: Pick<ServiceContext, 'store'>,
  use: { readonly tenantId: string; readonly keyId: string; readonly at: Date },
  keyWrite: InlineWrite,
): Promise<'created' | 'exists'> {
  const result = await decideAndCreate(
    ctx.store,
    { streamId: keyUseStreamId(use.tenantId, use.keyId, use.at), tenantId: use.tenantId },
    apiKeyUseDecider,
    {
      command: { type: 'RecordApiKeyUse', data: { keyId: use.keyId, usedAt: use.at.toISOString() } },
      extraWrites: () => [keyWrite],
    },
    { actor: `api-key:${use.keyId}` },
  );
  return result.outcome;
}
