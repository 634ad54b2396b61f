import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from './trace-context';

/**
 * The trace of the request being served, carried through its async work as OpenTelemetry's context is: the
 * logger stamps it on every line, the Cloud Tasks adapter puts it in the tasks it creates and the BigQuery
 * adapter in its job labels, so none of the use cases in between has to pass it along.
 */
const storage = new AsyncLocalStorage<TraceContext>();

export function runInTrace<T>(trace: TraceContext, work: () => T): T {
  return storage.run(trace, work);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}
