import type { Actor, ServiceContext } from '../app/service-context';

/** Where a command writes: process.stdout / process.stderr, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface OpenedContext {
  readonly ctx: ServiceContext;
  /** Releases what opening started (emulator, warehouse endpoint, clients). */
  close(): Promise<void>;
}

/**
 * What a command runs against. The context is opened on demand, so a command that fails before it needs the
 * service (bad arguments, a bad config file) starts nothing; tests inject a context they already hold.
 */
export interface CliEnvironment {
  readonly context: () => Promise<OpenedContext>;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Recorded as the events' actor; defaults to `cli:{os user}`. */
  readonly actor?: Actor;
}
