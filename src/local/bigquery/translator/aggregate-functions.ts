import { type Call, type FunctionTranslation } from './call';
import { refuse } from './untranslatable';

interface AggregateRules {
  readonly distinct?: boolean;
  readonly orderBy?: boolean;
  readonly nullHandling?: boolean;
  readonly arity?: { readonly min: number; readonly max: number };
}

/** `fn([DISTINCT] args [IGNORE NULLS] [ORDER BY …])[ OVER …]`, refusing the modifiers the function does not take. */
function aggregateText(duckName: string, call: Call, rules: AggregateRules): string {
  if (call.distinct && !rules.distinct) return refuse(`${call.name}(DISTINCT ...)`);
  if (call.orderBy && !rules.orderBy) return refuse(`${call.name}(... ORDER BY ...)`);
  if (call.nullHandling && !rules.nullHandling) return refuse(`${call.name}(... ${call.nullHandling})`);
  if (call.limit) return refuse(`${call.name}(... LIMIT ...)`);
  const arity = rules.arity ?? { min: 1, max: 1 };
  if (call.args.length < arity.min || call.args.length > arity.max)
    return refuse(`${call.name} with ${call.args.length} arguments`);
  const args = call.args.map((arg) => (arg.type === 'all_columns' ? '*' : call.e.emit(arg))).join(', ');
  const distinct = call.distinct ? 'DISTINCT ' : '';
  const nulls = call.nullHandling ? ` ${call.nullHandling}` : '';
  const orderBy = call.orderBy ? ` ${call.e.emit(call.orderBy)}` : '';
  return `${duckName}(${distinct}${args}${nulls}${orderBy})${call.over}`;
}

function aggregate(duckName: string, rules: AggregateRules = {}): FunctionTranslation {
  return (call) => aggregateText(duckName, call, rules);
}

const NO_ARGS = { min: 0, max: 0 };

export const AGGREGATE_FUNCTIONS: Readonly<Record<string, FunctionTranslation>> = {
  COUNT: aggregate('count', { distinct: true, arity: { min: 0, max: 1 } }),
  SUM: aggregate('sum', { distinct: true }),
  AVG: aggregate('avg', { distinct: true }),
  MIN: aggregate('min'),
  MAX: aggregate('max'),
  BIT_XOR: aggregate('bit_xor', { distinct: true }),
  BIT_AND: aggregate('bit_and'),
  BIT_OR: aggregate('bit_or'),
  LOGICAL_AND: aggregate('bool_and'),
  LOGICAL_OR: aggregate('bool_or'),
  STDDEV: aggregate('stddev_samp'),
  STDDEV_SAMP: aggregate('stddev_samp'),
  STDDEV_POP: aggregate('stddev_pop'),
  VARIANCE: aggregate('var_samp'),
  VAR_SAMP: aggregate('var_samp'),
  VAR_POP: aggregate('var_pop'),
  // An exact count is a valid approximation.
  APPROX_COUNT_DISTINCT: (call) => aggregateText('count', { ...call, distinct: true }, { distinct: true }),
  // Both skip NULLs and pick some row's value.
  ANY_VALUE: aggregate('any_value'),
  COUNTIF: (call) => {
    if (call.distinct || call.orderBy || call.nullHandling || call.limit || call.args.length !== 1)
      return refuse('COUNTIF with modifiers');
    return `count(CASE WHEN ${call.e.emit(call.args[0]!)} THEN 1 END)${call.over}`;
  },
  STRING_AGG: aggregate('string_agg', { distinct: true, orderBy: true, arity: { min: 1, max: 2 } }),
  ARRAY_AGG: arrayAgg,

  ROW_NUMBER: aggregate('row_number', { arity: NO_ARGS }),
  RANK: aggregate('rank', { arity: NO_ARGS }),
  DENSE_RANK: aggregate('dense_rank', { arity: NO_ARGS }),
  PERCENT_RANK: aggregate('percent_rank', { arity: NO_ARGS }),
  CUME_DIST: aggregate('cume_dist', { arity: NO_ARGS }),
  NTILE: aggregate('ntile'),
  LAG: aggregate('lag', { nullHandling: true, arity: { min: 1, max: 3 } }),
  LEAD: aggregate('lead', { nullHandling: true, arity: { min: 1, max: 3 } }),
  FIRST_VALUE: aggregate('first_value', { nullHandling: true }),
  LAST_VALUE: aggregate('last_value', { nullHandling: true }),
  NTH_VALUE: aggregate('nth_value', { nullHandling: true, arity: { min: 2, max: 2 } }),
};

/**
 * ARRAY_AGG: BigQuery fails on a NULL element unless IGNORE NULLS drops them; DuckDB would keep them, so the
 * result is checked (bq_array_agg_checked) or filtered. LIMIT n keeps the first n of the ordered list.
 */
function arrayAgg(call: Call): string {
  if (call.args.length !== 1) return refuse(`ARRAY_AGG with ${call.args.length} arguments`);
  if (call.nullHandling === 'IGNORE NULLS' && call.over) return refuse('ARRAY_AGG(... IGNORE NULLS) OVER (...)');
  const value = call.e.emit(call.args[0]!);
  const distinct = call.distinct ? 'DISTINCT ' : '';
  const orderBy = call.orderBy ? ` ${call.e.emit(call.orderBy)}` : '';
  let aggregated = `array_agg(${distinct}${value}${orderBy})`;
  if (call.nullHandling === 'IGNORE NULLS') aggregated = `${aggregated} FILTER (WHERE ${value} IS NOT NULL)`;
  aggregated += call.over;
  if (call.nullHandling !== 'IGNORE NULLS') aggregated = `bq_array_agg_checked(${aggregated})`;
  if (call.limit) {
    if (call.over) return refuse('ARRAY_AGG(... LIMIT ...) OVER (...)');
    const limit =
      call.limit.type === 'limit_clause' && call.limit.count && !call.limit.offset
        ? call.e.emit(call.limit.count)
        : refuse('ARRAY_AGG LIMIT form');
    aggregated = `list_slice(${aggregated}, 1, ${limit})`;
  }
  return aggregated;
}
