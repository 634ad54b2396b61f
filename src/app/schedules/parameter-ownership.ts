/**
 * Who may set a pipeline parameter, and how the values of one run or schedule are merged (pure). A tenant key
 * may set only parameters its pipeline declares `set_by: tenant`; everything else — billing accounts, export
 * tables, any identifier — is the operator's, set at onboarding with the admin key, and a tenant can neither
 * supply nor replace it.
 */
import * as E from 'fp-ts/Either';
import type { ParameterDeclaration, ParameterSetter } from '../../pipelines/model/pipeline-codec';

export type { ParameterSetter };

type Values = Readonly<Record<string, unknown>>;
type Declarations = Readonly<Record<string, ParameterDeclaration>>;

/** Identifiers name tables and datasets, so they are the operator's whatever the YAML says; the default is too. */
export function setterOf(declaration: ParameterDeclaration): ParameterSetter {
  return declaration.type === 'identifier' ? 'operator' : (declaration.set_by ?? 'operator');
}

export class ParameterNotTenantSettable extends Error {
  readonly code = 'PARAMETER_NOT_TENANT_SETTABLE';
  readonly problems: readonly string[];
  constructor(readonly parameters: readonly string[]) {
    const problems = parameters.map(
      (name) => `parameters.${name}: set by the operator; a tenant API key may not set it`,
    );
    super(`Not settable with a tenant API key: ${problems.join('; ')}`);
    this.name = 'ParameterNotTenantSettable';
    this.problems = problems;
  }
}

export interface ParameterSources {
  readonly declared: Declarations;
  /** Who supplies `supplied`: the route knows (a tenant key, or the admin key for the operator). */
  readonly setBy: ParameterSetter;
  /** Values in force before this request (a stored schedule's); a permitted supplied value replaces one. */
  readonly inForce: Values;
  /** Values from the tenant's onboarding profile: only the operator replaces them. */
  readonly onboarded: Values;
  readonly supplied: Values;
}

/**
 * The parameters of a run or schedule, or the refusal naming every operator parameter a tenant supplied.
 * Undeclared names pass through untouched: checkParameters reports them with the pipeline's declarations.
 */
export function mergeParameters(sources: ParameterSources): E.Either<ParameterNotTenantSettable, Values> {
  const { declared, setBy, inForce, onboarded, supplied } = sources;
  if (setBy === 'operator') return E.right({ ...inForce, ...onboarded, ...supplied });
  const refused = Object.keys(supplied).filter((name) => {
    const declaration = Object.hasOwn(declared, name) ? declared[name] : undefined;
    return declaration !== undefined && setterOf(declaration) === 'operator';
  });
  if (refused.length > 0) return E.left(new ParameterNotTenantSettable(refused));
  return E.right({ ...inForce, ...supplied, ...onboarded });
}

/** The operator's values among `values`: what a tenant's full replacement of a schedule keeps. */
export function operatorValuesOf(declared: Declarations, values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => {
      const declaration = Object.hasOwn(declared, name) ? declared[name] : undefined;
      return declaration !== undefined && setterOf(declaration) === 'operator';
    }),
  );
}

/** The profile's billing accounts fill a declared `billing_account_ids` (when the profile has any). */
export function onboardedValuesOf(declared: Declarations, billingAccountIds: readonly string[]): Values {
  return Object.hasOwn(declared, 'billing_account_ids') && billingAccountIds.length > 0
    ? { billing_account_ids: billingAccountIds }
    : {};
}
