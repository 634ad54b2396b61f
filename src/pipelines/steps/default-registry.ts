/** The step kinds the service ships, and the table catalog of src/warehouse/tables. */
import { CENTRAL_DATASET, centralTables, tenantTables } from '../../warehouse/tables';
import { bqEtlKind } from './bq-etl/bq-etl';
import { dataQualityKind } from './data-quality/data-quality';
import { bootstrapKind } from './setup/bootstrap';
import { dryRunKind } from './setup/dryrun';
import { onboardingKind } from './setup/onboarding';
import type { StepKind, StepRegistry } from './step-kind';
import { stepRegistry } from './step-kind';
import type { TableCatalog } from './table-catalog';
import { webhookKind } from './webhook/webhook';

export const defaultStepKinds: readonly StepKind[] = [
  bqEtlKind,
  dataQualityKind,
  webhookKind,
  bootstrapKind,
  onboardingKind,
  dryRunKind,
];

export const defaultStepRegistry: StepRegistry = stepRegistry(defaultStepKinds);

export const defaultTableCatalog: TableCatalog = { centralDataset: CENTRAL_DATASET, centralTables, tenantTables };
