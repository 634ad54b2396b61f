/**
 * The local stand-ins a `CONVERGENCE_MODE=local` start needs: the Firestore emulator (with local Eventarc),
 * the BigQuery endpoint on DuckDB and the Cloud Tasks server. Only the composition root loads this file, and
 * only in local mode (through load-local.ts), so a production start never loads `src/local/` or DuckDB.
 */
import { join } from 'node:path';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { localBigQueryClientOptions } from '../local/bigquery/client-options';
import { startLocalBigQuery } from '../local/bigquery/start-local-bigquery';
import { startLocalCloudTasks } from '../local/cloud-tasks';
import { startLocalEventarc } from '../local/eventarc/start-local-eventarc';
import { startFirestoreEmulator } from '../local/firestore/start-firestore-emulator';
import type { LocalStack } from './local-stack-file';
import { LOCAL_WAREHOUSE_FILES, tightenDataDir } from './tighten-data-dir';

export interface LocalDependenciesInput {
  readonly config: Config;
  readonly logger: Logger;
  readonly serviceUrl: string;
  readonly serviceToken: string;
  /** A running `npm start`'s stack to attach to instead of starting one. */
  readonly attached: LocalStack | undefined;
  readonly localEventarc: boolean;
  readonly localWarehousePath: string | undefined;
  /** Where each started stand-in registers its stop, in start order. */
  readonly stops: (() => Promise<void>)[];
}

export interface LocalDependencies {
  readonly firestoreEmulatorHost: string | undefined;
  readonly bigqueryUrl: string | undefined;
  readonly bigqueryClient: BigQueryOptions | undefined;
  readonly cloudTasksAddress: string | undefined;
}

export async function startLocalDependencies(input: LocalDependenciesInput): Promise<LocalDependencies> {
  const { config, logger, attached, stops } = input;
  let firestoreEmulatorHost = config.firestoreEmulatorHost ?? attached?.firestoreEmulatorHost;
  if (!firestoreEmulatorHost) {
    // The bridge listens first, so the emulator starts knowing where to send its CloudEvents.
    const eventarc = input.localEventarc
      ? await startLocalEventarc({
          projectId: config.projectId,
          serviceUrl: input.serviceUrl,
          serviceToken: input.serviceToken,
          report: (delivery) => {
            if (delivery.error || (delivery.status ?? 200) >= 300) {
              logger.warn(delivery, 'local eventarc delivery failed; the periodic catch-up covers it');
            }
          },
        })
      : undefined;
    if (eventarc) stops.push(() => eventarc.stop());
    const emulator = await startFirestoreEmulator(eventarc ? { functionsEmulator: eventarc.address } : {});
    stops.push(() => emulator.stop());
    firestoreEmulatorHost = emulator.host;
    await eventarc?.registerTrigger(emulator.host);
  }

  let bigqueryUrl = attached?.bigqueryUrl;
  if (config.warehouse === 'local' && !bigqueryUrl) {
    const databasePath = input.localWarehousePath ?? join(config.dataDir, LOCAL_WAREHOUSE_FILES[0]);
    const endpoint = await startLocalBigQuery({ projectId: config.projectId, databasePath });
    stops.push(() => endpoint.stop());
    // DuckDB creates its file under the umask; a fresh one is made owner-only here (an existing one already was).
    if (!input.localWarehousePath) tightenDataDir(config.dataDir, LOCAL_WAREHOUSE_FILES);
    bigqueryUrl = endpoint.url;
  }

  let cloudTasksAddress = config.tasksEmulatorHost ?? attached?.cloudTasksAddress;
  if (!cloudTasksAddress) {
    const tasks = await startLocalCloudTasks({ port: 0 });
    stops.push(() => tasks.stop());
    cloudTasksAddress = tasks.address;
  }
  return {
    firestoreEmulatorHost,
    bigqueryUrl,
    bigqueryClient: bigqueryUrl ? localBigQueryClientOptions(bigqueryUrl, config.projectId) : undefined,
    cloudTasksAddress,
  };
}
