import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { OnboardTenantInput } from '../app/tenants/onboard-tenant';
import { describeDecodeErrors } from '../domain/decode-errors';

/**
 * A tenant config file, e.g. tests/configs/tenants/tenant_test_config.json:
 *
 *   { "description"?: "…", "tenants": [ { "tenant_id", "company_name", "contact_email", "subscription_plan"?,
 *     "timezone"?, "billing_account_ids"?, "api_key_name"? }, … ] }
 *
 * Each tenant takes the fields of OnboardTenantInput. Unknown fields are refused rather than ignored (a
 * misspelt `timezon` would otherwise onboard the tenant in UTC), and so are duplicate tenant ids.
 */
export interface TenantConfig<A> {
  readonly description?: string;
  readonly tenants: readonly A[];
}

/** The file could not be used; `problems` are `path: what is wrong` (or the read / parse failure), in file order. */
export class InvalidTenantConfigFile extends Error {
  readonly code = 'INVALID_TENANT_CONFIG_FILE';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid tenant config file ${file}:\n${problems.map((problem) => `  ${file}: ${problem}`).join('\n')}`);
    this.name = 'InvalidTenantConfigFile';
  }
}

const TENANT_FIELDS: readonly string[] = [
  ...Object.keys(OnboardTenantInput.types[0].props),
  ...Object.keys(OnboardTenantInput.types[1].props),
];
const TOP_LEVEL_FIELDS: readonly string[] = ['description', 'tenants'];

const fileCodec = <C extends t.Mixed>(tenant: C) =>
  t.intersection([
    t.type({
      tenants: t.refinement(t.readonlyArray(tenant), (tenants) => tenants.length > 0, 'a non-empty array of tenants'),
    }),
    t.partial({ description: t.string }),
  ]);

/**
 * Reads and decodes a tenant config file. `tenant` decides how strictly each tenant is decoded: onboarding
 * takes OnboardTenantInput, the dry run its looser input (it reports bad values as failed checks instead).
 * Every problem of the file is reported at once.
 */
export async function readTenantConfigFile<C extends t.Mixed>(
  file: string,
  tenant: C,
): Promise<E.Either<InvalidTenantConfigFile, TenantConfig<t.TypeOf<C>>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return E.left(
      new InvalidTenantConfigFile(file, [
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      ]),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return E.left(new InvalidTenantConfigFile(file, [`is not valid JSON (${(error as Error).message})`]));
  }
  const decoded = fileCodec(tenant).decode(raw);
  const problems = inFileOrder([
    ...(E.isLeft(decoded) ? describeDecodeErrors(decoded.left) : []),
    ...unknownFields(raw),
    ...duplicateTenantIds(raw),
  ]);
  if (problems.length > 0 || E.isLeft(decoded)) return E.left(new InvalidTenantConfigFile(file, problems));
  return E.right(decoded.right);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function tenantsOf(raw: unknown): readonly unknown[] {
  return isObject(raw) && Array.isArray(raw.tenants) ? raw.tenants : [];
}

function unknownFields(raw: unknown): string[] {
  const unknown = (value: unknown, allowed: readonly string[], prefix: string) =>
    isObject(value)
      ? Object.keys(value)
          .filter((key) => !allowed.includes(key))
          .map((key) => `${prefix}${key}: unknown field (expected one of ${allowed.join(', ')})`)
      : [];
  return [
    ...unknown(raw, TOP_LEVEL_FIELDS, ''),
    ...tenantsOf(raw).flatMap((tenant, index) => unknown(tenant, TENANT_FIELDS, `tenants[${index}].`)),
  ];
}

function duplicateTenantIds(raw: unknown): string[] {
  const firstIndex = new Map<string, number>();
  const problems: string[] = [];
  tenantsOf(raw).forEach((tenant, index) => {
    const id = isObject(tenant) ? tenant.tenant_id : undefined;
    if (typeof id !== 'string') return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else problems.push(`tenants[${index}].tenant_id: duplicate of tenants[${first}].tenant_id (${JSON.stringify(id)})`);
  });
  return problems;
}

/** File-level problems first, then by tenant index; the order within a tenant is kept. */
function inFileOrder(problems: string[]): string[] {
  const position = (problem: string) => Number(/^tenants\[(\d+)\]/.exec(problem)?.[1] ?? -1);
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => position(a.problem) - position(b.problem) || a.order - b.order)
    .map((entry) => entry.problem);
}
