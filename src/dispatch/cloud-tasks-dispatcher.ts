import type { CloudTasksClient } from './tasks-module';
import { cancelDispatch } from './cancel-dispatch';
import type { DispatchContext } from './context';
import { dispatchRun } from './dispatch-run';
import type { Dispatcher } from './dispatcher';
import type { DispatchConfig } from './dispatch-config';
import { ensureQueue } from './ensure-queue';

export interface CloudTasksDispatcherOptions {
  readonly config: DispatchConfig;
  /** From createCloudTasksClient; closed by the dispatcher's close(). */
  readonly client: CloudTasksClient;
  readonly now?: () => Date;
}

/** The Dispatcher on Cloud Tasks v2 (production, and locally against src/local/cloud-tasks). */
export function createCloudTasksDispatcher(options: CloudTasksDispatcherOptions): Dispatcher {
  const context: DispatchContext = {
    client: options.client,
    config: options.config,
    now: options.now ?? (() => new Date()),
  };
  return {
    dispatchRun: (request) => dispatchRun(context, request),
    cancelDispatch: (request) => cancelDispatch(context, request),
    ensureQueue: () => ensureQueue(context),
    close: () => options.client.close(),
  };
}
