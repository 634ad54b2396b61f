import * as E from 'fp-ts/Either';
import {
  mergeParameters,
  onboardedValuesOf,
  operatorValuesOf,
  ParameterNotTenantSettable,
  setterOf,
  type ParameterSources,
} from '../../src/app/schedules/parameter-ownership';
import type { ParameterDeclaration } from '../../src/pipelines/model/pipeline-codec';

/** Who may set a parameter and how a run's values are merged: pure, no I/O. */
const declared: Readonly<Record<string, ParameterDeclaration>> = {
  billing_account_ids: { type: 'string_array', set_by: 'operator' },
  billing_export_table: { type: 'identifier', set_by: 'operator' },
  // An identifier is the operator's even if a YAML slipped past the loader's check.
  export_dataset: { type: 'identifier', set_by: 'tenant', default: 'billing_export' },
  region: { type: 'string' },
  fail_on_purpose: { type: 'bool', set_by: 'tenant', default: false },
};
const OWN = ['0A0A0A-0B0B0B-0C0C0C'];
const VICTIM = ['9Z9Z9Z-8Y8Y8Y-7X7X7X'];

const sources = (overrides: Partial<ParameterSources>): ParameterSources => ({
  declared,
  setBy: 'tenant',
  inForce: { billing_export_table: 'gcp_billing_export_v1_OWN', fail_on_purpose: false },
  onboarded: { billing_account_ids: OWN },
  supplied: {},
  ...overrides,
});

const refusedNames = (result: ReturnType<typeof mergeParameters>): readonly string[] =>
  E.isLeft(result) ? result.left.parameters : [];

describe('setterOf', () => {
  it('is the declared setter, operator when undeclared, and always operator for an identifier', () => {
    expect(setterOf({ type: 'bool', set_by: 'tenant' })).toBe('tenant');
    expect(setterOf({ type: 'bool', set_by: 'operator' })).toBe('operator');
    expect(setterOf({ type: 'string' })).toBe('operator');
    expect(setterOf({ type: 'identifier', set_by: 'tenant' })).toBe('operator');
  });
});

describe('mergeParameters', () => {
  it.each([
    ['billing_account_ids', { billing_account_ids: VICTIM }],
    ['billing_export_table', { billing_export_table: 'gcp_billing_export_v1_VICTIM' }],
    ['export_dataset', { export_dataset: 'other_dataset' }],
    ['region', { region: 'eu' }],
  ])('refuses a tenant value for the operator parameter %s, naming it', (name, supplied) => {
    const result = mergeParameters(sources({ supplied }));
    expect(refusedNames(result)).toEqual([name]);
    expect(E.isLeft(result) && result.left).toBeInstanceOf(ParameterNotTenantSettable);
    expect(E.isLeft(result) && result.left.code).toBe('PARAMETER_NOT_TENANT_SETTABLE');
    const problem = `parameters.${name}: set by the operator; a tenant API key may not set it`;
    expect(E.isLeft(result) && result.left.problems).toEqual([problem]);
  });

  it('names every refused parameter at once, and refuses even alongside a permitted one', () => {
    const supplied = { fail_on_purpose: true, billing_export_table: 'x', billing_account_ids: VICTIM };
    const refused = refusedNames(mergeParameters(sources({ supplied })));
    expect(refused).toEqual(['billing_export_table', 'billing_account_ids']);
  });

  it("takes a tenant's own parameter over the value in force, keeping the operator's values", () => {
    const result = mergeParameters(sources({ supplied: { fail_on_purpose: true } }));
    const expected = {
      billing_export_table: 'gcp_billing_export_v1_OWN',
      fail_on_purpose: true,
      billing_account_ids: OWN,
    };
    expect(result).toEqual(E.right(expected));
  });

  it('lets the profile win over a value in force for a tenant (an old schedule cannot widen the accounts)', () => {
    const result = mergeParameters(sources({ inForce: { billing_account_ids: VICTIM } }));
    expect(result).toEqual(E.right({ billing_account_ids: OWN }));
  });

  it('leaves undeclared names to the declaration check (not refused here, passed through)', () => {
    const result = mergeParameters(sources({ inForce: {}, onboarded: {}, supplied: { colour: 'red' } }));
    expect(result).toEqual(E.right({ colour: 'red' }));
  });

  it('lets the operator set anything, over the value in force and the profile', () => {
    const supplied = { billing_account_ids: VICTIM, billing_export_table: 'gcp_billing_export_v1_OTHER', region: 'eu' };
    const result = mergeParameters(sources({ setBy: 'operator', supplied }));
    expect(result).toEqual(E.right({ ...supplied, fail_on_purpose: false }));
  });
});

describe('operatorValuesOf and onboardedValuesOf', () => {
  it("keeps only the operator's values of a replaced schedule", () => {
    const values = { billing_export_table: 't', region: 'eu', fail_on_purpose: true, gone: 1 };
    expect(operatorValuesOf(declared, values)).toEqual({ billing_export_table: 't', region: 'eu' });
  });

  it('fills billing_account_ids from the profile only when declared and the profile has accounts', () => {
    expect(onboardedValuesOf(declared, OWN)).toEqual({ billing_account_ids: OWN });
    expect(onboardedValuesOf(declared, [])).toEqual({});
    expect(onboardedValuesOf({ region: { type: 'string' } }, OWN)).toEqual({});
  });
});
