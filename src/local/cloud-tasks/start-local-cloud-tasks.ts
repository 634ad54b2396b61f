import * as grpc from '@grpc/grpc-js';
import { systemClock, type Clock } from './clock';
import { cloudTasksHandlers } from './grpc-service';
import { createDeliveryAgents, destroyDeliveryAgents } from './http-delivery';
import { LocalCloudTasks } from './local-cloud-tasks';
import type { EventListener, LocalCloudTasksEvent, StoredTask } from './model';
import { cloudTasksServiceDefinition } from './proto';
import { DEFAULT_DISPATCH_DEADLINE_MS } from './task-intake';

export interface LocalCloudTasksOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  /** How long a finished or deleted task's name stays taken (Cloud Tasks: about an hour). */
  readonly tombstoneWindowMs?: number;
  /** Cloud Tasks refuses dispatch deadlines under 15 s; tests of deadline handling lower this. */
  readonly minDispatchDeadlineMs?: number;
  readonly maxDispatchDeadlineMs?: number;
  /**
   * Makes the bearer token for a task with `oidcToken` settings (there is no Google to sign one locally).
   * Without it such tasks are sent without an Authorization header.
   */
  readonly oidcToken?: (settings: {
    readonly serviceAccountEmail: string;
    readonly audience: string;
  }) => string | Promise<string>;
}

export interface RunningLocalCloudTasks {
  /** `host:port`, for the client's endpoint. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Dispatch progress (attempts, retries, completions, drops); returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Stops serving, cancels timers and in-flight dispatches, closes connections. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the in-memory Cloud Tasks v2 stand-in (gRPC, plaintext) that dispatches HTTP tasks for real. */
export async function startLocalCloudTasks(options: LocalCloudTasksOptions = {}): Promise<RunningLocalCloudTasks> {
  const host = options.host ?? '127.0.0.1';
  const listeners = new Set<EventListener>();
  const agents = createDeliveryAgents();
  const state = new LocalCloudTasks({
    clock: options.clock ?? systemClock,
    agents,
    limits: {
      minDispatchDeadlineMs: options.minDispatchDeadlineMs ?? 15_000,
      maxDispatchDeadlineMs: Math.max(options.maxDispatchDeadlineMs ?? 30 * 60_000, DEFAULT_DISPATCH_DEADLINE_MS),
    },
    tombstoneWindowMs: options.tombstoneWindowMs ?? 60 * 60_000,
    emit: (event: LocalCloudTasksEvent) => {
      for (const listener of listeners) listener(event);
    },
    authorizationFor: async (task: StoredTask) => {
      const oidc = task.http.oidcToken;
      return oidc && options.oidcToken ? `Bearer ${await options.oidcToken(oidc)}` : undefined;
    },
  });
  const server = new grpc.Server();
  server.addService(cloudTasksServiceDefinition(), cloudTasksHandlers(state));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 0}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  let stopped: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    host,
    port,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () =>
      (stopped ??= (async () => {
        state.stop();
        server.forceShutdown();
        destroyDeliveryAgents(agents);
        listeners.clear();
      })()),
  };
}
