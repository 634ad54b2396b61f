import { tenantStreamId } from '../domain/streams';
import type { TenantCommand } from '../domain/tenant/commands';
import { decideTenant } from '../domain/tenant/decide';
import { tenantEventCodecs, type TenantEvent } from '../domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../domain/tenant/state';
import type { EventStore, InlineWrite, StreamHead } from '../eventstore';
import { decideAndAppend, eventTypesOf, loadAggregate, type Decider } from './decide-and-append';
import type { Actor, ServiceContext } from './service-context';
import { tenantInlineWrites } from './tenant-inline-writes';

export const tenantDecider: Decider<TenantCommand, TenantEvent, TenantState> = {
  eventTypes: eventTypesOf(tenantEventCodecs),
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
};

export function loadTenant(store: EventStore, tenantId: string): Promise<{ state: TenantState; head: StreamHead }> {
  return loadAggregate(store, tenantStreamId(tenantId), tenantDecider);
}

export interface TenantCommandResult {
  /** The state after the events (the loaded state when nothing was decided). */
  readonly state: TenantState;
  readonly events: readonly TenantEvent[];
  /** The stream revision after the append. */
  readonly revision: number;
}

/**
 * Decides a tenant command and appends its events with the tenant's inline read models (and `extraWrites`)
 * in one commit. `command` may depend on the freshly loaded state (e.g. to keep ids stable across retries).
 */
export async function handleTenantCommand(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  tenantId: string,
  command: (state: TenantState) => TenantCommand,
  actor: Actor,
  extraWrites: (events: readonly TenantEvent[]) => readonly InlineWrite[] = () => [],
): Promise<TenantCommandResult> {
  return decideAndAppend(
    ctx.store,
    { streamId: tenantStreamId(tenantId), tenantId },
    tenantDecider,
    (state) => ({
      command: command(state),
      extraWrites: (events, after, revision) => [
        ...tenantInlineWrites(after, events, revision, ctx.now()),
        ...extraWrites(events),
      ],
    }),
    actor,
  );
}
