/** Deterministic sample data for local runs and tests (dev-only code). */
export { sampleAccount, sampleTenants } from './accounts';
export type { SampleAccount, SampleProject, SampleTenant } from './accounts';
export { BILLING_EXPORT_DATASET, billingExportTable, billingExportTableName } from './billing-export-table';
export { generateBillingExport, round6 } from './generate-billing-export';
export type { BillingExport, BillingExportOptions } from './generate-billing-export';
export { createPrng } from './prng';
export type { Prng } from './prng';
export { SAMPLE_EXPORT_TABLE, writeBillingExport } from './write-billing-export';
