/**
 * A small, realistic price list: real Cloud Billing service ids and plausible SKUs with their usage and
 * pricing units (list prices in USD per pricing unit). Sample data only.
 */

export interface Service {
  readonly id: string;
  readonly description: string;
}

export interface Sku {
  readonly service: Service;
  readonly id: string;
  readonly description: string;
  readonly unit: string;
  readonly pricingUnit: string;
  /** Usage units per pricing unit (e.g. seconds per hour). */
  readonly unitsPerPricingUnit: number;
  /** List price per pricing unit, USD. */
  readonly listPrice: number;
  /** Usage per hourly row, in usage units. */
  readonly usage: readonly [number, number];
  /** Location kind: regional, multi-region or global. */
  readonly scope: 'region' | 'multi_region' | 'global';
  readonly discounts: readonly ('SUSTAINED_USAGE_DISCOUNT' | 'COMMITTED_USAGE_DISCOUNT')[];
}

const GIB = 2 ** 30;
const TIB = 2 ** 40;
const MONTH_SECONDS = 30 * 24 * 3600;

export const SERVICES = {
  compute: { id: '6F81-5844-456A', description: 'Compute Engine' },
  storage: { id: '95FF-2EF5-5EA1', description: 'Cloud Storage' },
  bigquery: { id: '24E6-581D-38E5', description: 'BigQuery' },
  sql: { id: '9662-B51E-5089', description: 'Cloud SQL' },
  networking: { id: 'E505-1604-58F8', description: 'Networking' },
  logging: { id: '5490-F7B7-8DF6', description: 'Cloud Logging' },
  run: { id: '152E-C115-5142', description: 'Cloud Run' },
} as const satisfies Record<string, Service>;

export const SKUS: readonly Sku[] = [
  {
    service: SERVICES.compute,
    id: 'CF4E-A0C7-E3BF',
    description: 'N2 Instance Core running',
    unit: 'seconds',
    pricingUnit: 'hour',
    unitsPerPricingUnit: 3600,
    listPrice: 0.031611,
    usage: [3600, 16 * 3600],
    scope: 'region',
    discounts: ['SUSTAINED_USAGE_DISCOUNT', 'COMMITTED_USAGE_DISCOUNT'],
  },
  {
    service: SERVICES.compute,
    id: 'F449-33EC-A5EF',
    description: 'N2 Instance Ram running',
    unit: 'byte-seconds',
    pricingUnit: 'gibibyte hour',
    unitsPerPricingUnit: GIB * 3600,
    listPrice: 0.004237,
    usage: [4 * GIB * 3600, 64 * GIB * 3600],
    scope: 'region',
    discounts: ['SUSTAINED_USAGE_DISCOUNT', 'COMMITTED_USAGE_DISCOUNT'],
  },
  {
    service: SERVICES.storage,
    id: 'E5F0-6A5D-7BAD',
    description: 'Standard Storage',
    unit: 'byte-seconds',
    pricingUnit: 'gibibyte month',
    unitsPerPricingUnit: GIB * MONTH_SECONDS,
    listPrice: 0.02,
    usage: [50 * GIB * 3600, 5000 * GIB * 3600],
    scope: 'region',
    discounts: [],
  },
  {
    service: SERVICES.storage,
    id: '22EB-AAE8-FBCD',
    description: 'Download Worldwide Destinations (excluding Asia & Australia)',
    unit: 'bytes',
    pricingUnit: 'gibibyte',
    unitsPerPricingUnit: GIB,
    listPrice: 0.12,
    usage: [0.1 * GIB, 20 * GIB],
    scope: 'region',
    discounts: [],
  },
  {
    service: SERVICES.bigquery,
    id: '3362-E469-6BEF',
    description: 'Analysis',
    unit: 'bytes',
    pricingUnit: 'tebibyte',
    unitsPerPricingUnit: TIB,
    listPrice: 6.25,
    usage: [0.001 * TIB, 0.5 * TIB],
    scope: 'multi_region',
    discounts: [],
  },
  {
    service: SERVICES.bigquery,
    id: '9E26-7AF5-5D6A',
    description: 'Active Logical Storage',
    unit: 'byte-seconds',
    pricingUnit: 'gibibyte month',
    unitsPerPricingUnit: GIB * MONTH_SECONDS,
    listPrice: 0.02,
    usage: [10 * GIB * 3600, 2000 * GIB * 3600],
    scope: 'multi_region',
    discounts: [],
  },
  {
    service: SERVICES.sql,
    id: '4BD6-4C2D-6A8B',
    description: 'Cloud SQL for PostgreSQL: Zonal - vCPU',
    unit: 'seconds',
    pricingUnit: 'hour',
    unitsPerPricingUnit: 3600,
    listPrice: 0.0413,
    usage: [3600, 8 * 3600],
    scope: 'region',
    discounts: ['COMMITTED_USAGE_DISCOUNT'],
  },
  {
    service: SERVICES.networking,
    id: 'DE9E-AFBC-A15A',
    description: 'Network Inter Zone Data Transfer Out',
    unit: 'bytes',
    pricingUnit: 'gibibyte',
    unitsPerPricingUnit: GIB,
    listPrice: 0.01,
    usage: [GIB, 200 * GIB],
    scope: 'region',
    discounts: [],
  },
  {
    service: SERVICES.logging,
    id: '143F-A1B0-E0BE',
    description: 'Log Volume',
    unit: 'bytes',
    pricingUnit: 'gibibyte',
    unitsPerPricingUnit: GIB,
    listPrice: 0.5,
    usage: [0.01 * GIB, 5 * GIB],
    scope: 'global',
    discounts: [],
  },
  {
    service: SERVICES.run,
    id: '8A66-DEB3-2B7F',
    description: 'CPU Allocation Time',
    unit: 'seconds',
    pricingUnit: 'second',
    unitsPerPricingUnit: 1,
    listPrice: 0.000024,
    usage: [600, 36000],
    scope: 'region',
    discounts: [],
  },
];

export interface Region {
  readonly region: string;
  readonly country: string;
  readonly multiRegion: string;
}

export const REGIONS: readonly Region[] = [
  { region: 'us-central1', country: 'US', multiRegion: 'US' },
  { region: 'us-east4', country: 'US', multiRegion: 'US' },
  { region: 'europe-west1', country: 'BE', multiRegion: 'EU' },
  { region: 'europe-west3', country: 'DE', multiRegion: 'EU' },
  { region: 'asia-northeast1', country: 'JP', multiRegion: 'asia-northeast1' },
];

export const LABELS: Readonly<Record<string, readonly string[]>> = {
  env: ['prod', 'staging', 'dev'],
  team: ['data', 'web', 'ml', 'platform'],
  cost_center: ['cc-100', 'cc-200', 'cc-300'],
  app: ['checkout', 'search', 'reporting'],
};

export const CURRENCIES: readonly { readonly currency: string; readonly rate: number }[] = [
  { currency: 'USD', rate: 1 },
  { currency: 'EUR', rate: 0.92 },
];
