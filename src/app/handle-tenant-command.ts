import * as E from 'fp-ts/Either';
import type { DomainError } from '../domain/errors';
import { tenantStreamId } from '../domain/streams';
import type { TenantCommand } from '../domain/tenant/commands';
import { decideTenant } from '../domain/tenant/decide';
import type { TenantEvent } from '../domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../domain/tenant/state';
import { WrongExpectedRevision, type EventStore, type InlineWrite, type StreamHead } from '../eventstore';
import type { Actor, ServiceContext } from './service-context';
import { tenantInlineWrites } from './tenant-inline-writes';

/** A refused command, carried as an error so HTTP and CLI map it by `code`. */
export class DomainRefusal extends Error {
  readonly code: DomainError['code'];
  readonly details?: Readonly<Record<string, unknown>>;
  constructor(error: DomainError) {
    super(error.message);
    this.name = 'DomainRefusal';
    this.code = error.code;
    this.details = error.details;
  }
}

export async function loadTenant(store: EventStore, tenantId: string): Promise<{ state: TenantState; head: StreamHead }> {
  const read = await store.readStream(tenantStreamId(tenantId));
  const state = (read.events as unknown as readonly TenantEvent[]).reduce(evolveTenant, initialTenantState);
  return { state, head: read.head };
}

const ATTEMPTS = 5;

export interface TenantCommandResult {
  /** The state after the events (the loaded state when nothing was decided). */
  readonly state: TenantState;
  readonly events: readonly TenantEvent[];
  /** The stream revision after the append. */
  readonly revision: number;
}

/**
 * Load → decide → append (with the inline read models), re-deciding when a concurrent writer won.
 * `command` may depend on the freshly loaded state; `extraWrites` adds writes to the same commit.
 */
export async function handleTenantCommand(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  tenantId: string,
  command: (state: TenantState) => TenantCommand,
  actor: Actor,
  extraWrites: (events: readonly TenantEvent[]) => readonly InlineWrite[] = () => [],
): Promise<TenantCommandResult> {
  for (let attempt = 1; ; attempt += 1) {
    const { state, head } = await loadTenant(ctx.store, tenantId);
    const decision = decideTenant(command(state), state);
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    const events = decision.right;
    if (events.length === 0) return { state, events, revision: head.revision };
    const after = events.reduce(evolveTenant, state);
    try {
      const result = await ctx.store.append(tenantStreamId(tenantId), head, events, {
        tenantId,
        actor: actor.actor,
        ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
        inlineWrites: [...tenantInlineWrites(after, events, head.revision + events.length, ctx.now()), ...extraWrites(events)],
      });
      return { state: after, events, revision: result.lastRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision) || attempt >= ATTEMPTS) throw error;
    }
  }
}
