import { SYSTEM_TENANT_ID } from '../../domain/partition';
import { SYSTEM_STREAM_ID } from '../../domain/streams';
import { FORCE_RECREATE_PARAMETER } from '../../pipelines/steps/setup/bootstrap';
import { CENTRAL_DATASET } from '../../warehouse/tables';
import { runSetupPipeline, setupFailure } from '../run-setup-pipeline';
import type { Actor, ServiceContext } from '../service-context';
import { decideAndAppend } from '../decide-and-append';
import { systemDecider } from './load-system';

/** The schema version of the central tables this build creates. */
export const SCHEMA_VERSION = 1;

export interface BootstrapOptions {
  /** Drop and re-create every central table (rows are lost): explicit, never a default. */
  readonly forceRecreateTables: boolean;
}

export interface BootstrapReport {
  readonly firstBootstrap: boolean;
  readonly dataset: string;
  readonly datasetCreated: boolean;
  readonly partitions: number;
  readonly schemaVersion: number;
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly recreated: readonly string[];
}

export class BootstrapFailed extends Error {
  readonly code = 'BOOTSTRAP_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'BootstrapFailed';
  }
}

interface StepDetails {
  readonly datasetCreated?: boolean;
  readonly tablesCreated?: readonly string[];
  readonly tablesExisting?: readonly string[];
  readonly tablesRecreated?: readonly string[];
}

/**
 * Runs configs/setup/bootstrap_system.yml, then records what it found and did on the system stream
 * (SystemBootstrapped the first time, SystemBootstrapRepeated after). Safe to run again.
 */
export async function bootstrapSystem(
  ctx: ServiceContext,
  options: BootstrapOptions,
  actor: Actor,
): Promise<BootstrapReport> {
  const now = ctx.now();
  const result = await runSetupPipeline(ctx, 'bootstrap', {
    runId: `bootstrap_${now.getTime()}`,
    parameters: { [FORCE_RECREATE_PARAMETER]: options.forceRecreateTables },
  });
  if (result.status !== 'succeeded') throw new BootstrapFailed(`Bootstrap failed: ${setupFailure(result)}`);
  const details = (result.steps[0]?.output?.details ?? {}) as StepDetails;
  const created = details.tablesCreated ?? [];
  const existing = details.tablesExisting ?? [];
  const recreated = details.tablesRecreated ?? [];

  const recorded = await decideAndAppend(
    ctx.store,
    { streamId: SYSTEM_STREAM_ID, tenantId: SYSTEM_TENANT_ID },
    systemDecider,
    () => ({
      command: {
        type: 'RecordBootstrap' as const,
        data: {
          partitions: ctx.store.partitions,
          schemaVersion: SCHEMA_VERSION,
          dataset: CENTRAL_DATASET,
          created,
          existing,
          recreated,
          now: now.toISOString(),
        },
      },
    }),
    actor,
  );
  const before = recorded.before;
  return {
    firstBootstrap: !before.bootstrapped,
    dataset: CENTRAL_DATASET,
    datasetCreated: details.datasetCreated ?? false,
    // The partition count is the first bootstrap's, whatever this process is configured with.
    partitions: before.bootstrapped ? before.partitions : ctx.store.partitions,
    schemaVersion: SCHEMA_VERSION,
    created,
    existing,
    recreated,
  };
}
