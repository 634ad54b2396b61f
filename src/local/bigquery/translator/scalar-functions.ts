import { type FunctionTranslation, sameScalar, scalarArgs, stringLiteralArg } from './call';
import { toDuckJsonPath } from './json-path';
import { quoteString } from './sql-text';
import { refuse } from './untranslatable';

/** NULL if any argument is NULL, as BigQuery's GREATEST/LEAST/ARRAY_CONCAT are (DuckDB's skip NULLs). */
function nullIfAnyNull(args: string[], expression: string): string {
  return `CASE WHEN ${args.map((a) => `${a} IS NULL`).join(' OR ')} THEN NULL ELSE ${expression} END`;
}

function jsonPathArg(call: Parameters<FunctionTranslation>[0], index: number): string {
  return call.args.length > index ? quoteString(toDuckJsonPath(stringLiteralArg(call, index))) : "'$'";
}

/** Number of capturing groups in a regular expression (escapes and character classes skipped). */
function captureGroups(pattern: string): number {
  let groups = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(' && pattern[i + 1] !== '?') groups++;
  }
  return groups;
}

export const SCALAR_FUNCTIONS: Readonly<Record<string, FunctionTranslation>> = {
  COALESCE: sameScalar('coalesce', { min: 1, max: 1000 }),
  IFNULL: sameScalar('coalesce', { min: 2 }),
  NULLIF: sameScalar('nullif', { min: 2 }),
  IF: (call) => {
    const [condition, then, otherwise] = scalarArgs(call, { min: 3 });
    return `CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END`;
  },
  GREATEST: (call) => {
    const args = scalarArgs(call, { min: 1, max: 1000 });
    return nullIfAnyNull(args, `greatest(${args.join(', ')})`);
  },
  LEAST: (call) => {
    const args = scalarArgs(call, { min: 1, max: 1000 });
    return nullIfAnyNull(args, `least(${args.join(', ')})`);
  },

  ABS: sameScalar('abs', { min: 1 }),
  SIGN: sameScalar('sign', { min: 1 }),
  CEIL: sameScalar('ceil', { min: 1 }),
  CEILING: sameScalar('ceil', { min: 1 }),
  FLOOR: sameScalar('floor', { min: 1 }),
  // Both round half away from zero; a third (rounding mode) argument is refused by the arity.
  ROUND: sameScalar('round', { min: 1, max: 2 }),
  TRUNC: sameScalar('trunc', { min: 1 }),
  SQRT: sameScalar('sqrt', { min: 1 }),
  POW: sameScalar('pow', { min: 2 }),
  POWER: sameScalar('pow', { min: 2 }),
  EXP: sameScalar('exp', { min: 1 }),
  LN: sameScalar('ln', { min: 1 }),
  LOG10: sameScalar('log10', { min: 1 }),
  // LOG(x) is the natural logarithm in BigQuery but log10 in DuckDB.
  LOG: (call) => {
    const [x, base] = scalarArgs(call, { min: 1, max: 2 });
    return base === undefined ? `ln(${x})` : `(ln(${x}) / ln(${base}))`;
  },
  MOD: (call) => `bq_mod(${scalarArgs(call, { min: 2 }).join(', ')})`,
  SAFE_DIVIDE: (call) => `bq_safe_divide(${scalarArgs(call, { min: 2 }).join(', ')})`,

  // DuckDB's concat() skips NULLs; BigQuery's CONCAT is NULL when any argument is, like `||`.
  CONCAT: (call) => `(${scalarArgs(call, { min: 1, max: 1000 }).join(' || ')})`,
  LOWER: sameScalar('lower', { min: 1 }),
  UPPER: sameScalar('upper', { min: 1 }),
  LENGTH: sameScalar('length', { min: 1 }),
  CHAR_LENGTH: sameScalar('length', { min: 1 }),
  CHARACTER_LENGTH: sameScalar('length', { min: 1 }),
  SUBSTR: substring,
  SUBSTRING: substring,
  TRIM: sameScalar('trim', { min: 1, max: 2 }),
  LTRIM: sameScalar('ltrim', { min: 1, max: 2 }),
  RTRIM: sameScalar('rtrim', { min: 1, max: 2 }),
  REPLACE: sameScalar('replace', { min: 3 }),
  REPEAT: sameScalar('repeat', { min: 2 }),
  REVERSE: sameScalar('reverse', { min: 1 }),
  STARTS_WITH: sameScalar('starts_with', { min: 2 }),
  ENDS_WITH: sameScalar('ends_with', { min: 2 }),
  STRPOS: sameScalar('strpos', { min: 2 }),
  LPAD: (call) => {
    const [value, length, pad = "' '"] = scalarArgs(call, { min: 2, max: 3 });
    return `lpad(${value}, ${length}, ${pad})`;
  },
  RPAD: (call) => {
    const [value, length, pad = "' '"] = scalarArgs(call, { min: 2, max: 3 });
    return `rpad(${value}, ${length}, ${pad})`;
  },
  SPLIT: (call) => {
    const [value, delimiter = "','"] = scalarArgs(call, { min: 1, max: 2 });
    return `string_split(${value}, ${delimiter})`;
  },
  REGEXP_CONTAINS: sameScalar('regexp_matches', { min: 2 }),
  // DuckDB replaces only the first match unless told 'g'.
  REGEXP_REPLACE: (call) => `regexp_replace(${scalarArgs(call, { min: 3 }).join(', ')}, 'g')`,
  // BigQuery: the capturing group if there is one, else the match; NULL (not '') when nothing matches.
  REGEXP_EXTRACT: (call) => {
    const [value, pattern] = scalarArgs(call, { min: 2 });
    const groups = captureGroups(stringLiteralArg(call, 1));
    if (groups > 1) return refuse('REGEXP_EXTRACT with more than one capturing group');
    return `CASE WHEN regexp_matches(${value}, ${pattern}) THEN regexp_extract(${value}, ${pattern}, ${groups}) END`;
  },
  TO_HEX: (call) => `lower(hex(${scalarArgs(call, { min: 1 })[0]}))`,
  FROM_HEX: sameScalar('unhex', { min: 1 }),
  TO_BASE64: sameScalar('to_base64', { min: 1 }),
  FROM_BASE64: sameScalar('from_base64', { min: 1 }),
  // BigQuery's hashes return BYTES; DuckDB's return hex text.
  SHA256: (call) => `unhex(sha256(${scalarArgs(call, { min: 1 })[0]}))`,
  MD5: (call) => `unhex(md5(${scalarArgs(call, { min: 1 })[0]}))`,
  // Deterministic per content, which is all checksums need; not Google's FarmHash value.
  FARM_FINGERPRINT: (call) => `bq_farm_fingerprint(${scalarArgs(call, { min: 1 })[0]})`,
  GENERATE_UUID: (call) => {
    scalarArgs(call, { min: 0 });
    return 'CAST(gen_random_uuid() AS VARCHAR)';
  },

  // ARRAY(subquery) parses as a call; BigQuery refuses a NULL element in the array it builds.
  ARRAY: (call) => {
    const [query] = call.args;
    if (call.args.length !== 1 || (query?.type !== 'select_stmt' && query?.type !== 'compound_select_stmt'))
      return refuse('ARRAY(...) without a subquery');
    return `bq_array_agg_checked(ARRAY(${call.e.emit(query)}))`;
  },
  ARRAY_LENGTH: sameScalar('len', { min: 1 }),
  ARRAY_TO_STRING: sameScalar('array_to_string', { min: 2 }),
  ARRAY_REVERSE: sameScalar('list_reverse', { min: 1 }),
  ARRAY_CONCAT: (call) => {
    const args = scalarArgs(call, { min: 1, max: 1000 });
    return nullIfAnyNull(
      args,
      args.slice(1).reduce((acc, next) => `list_concat(${acc}, ${next})`, args[0]!),
    );
  },
  GENERATE_ARRAY: (call) => {
    const [start, end, step = '1'] = scalarArgs(call, { min: 2, max: 3 });
    return `generate_series(${start}, ${end}, ${step})`;
  },

  // JSON_VALUE must give BigQuery's unquoted scalar (DuckDB's json_value keeps the quotes) and NULL for objects/arrays.
  JSON_VALUE: (call) => `bq_json_value(${scalarArgs(call, { min: 1, max: 2 })[0]}, ${jsonPathArg(call, 1)})`,
  JSON_EXTRACT_SCALAR: (call) => `bq_json_value(${scalarArgs(call, { min: 1, max: 2 })[0]}, ${jsonPathArg(call, 1)})`,
  JSON_QUERY: (call) => `json_extract(${scalarArgs(call, { min: 2 })[0]}, ${jsonPathArg(call, 1)})`,
  JSON_EXTRACT: (call) => `json_extract(${scalarArgs(call, { min: 1, max: 2 })[0]}, ${jsonPathArg(call, 1)})`,
  PARSE_JSON: (call) => `CAST(${scalarArgs(call, { min: 1 })[0]} AS JSON)`,
  TO_JSON: (call) => `to_json(${scalarArgs(call, { min: 1 })[0]})`,
  // Deterministic compact JSON of the value; field order as declared. Timestamps print in DuckDB's format.
  TO_JSON_STRING: (call) => `CAST(to_json(${scalarArgs(call, { min: 1 })[0]}) AS VARCHAR)`,
};

/** SUBSTR: BigQuery treats position 0 as 1, DuckDB as "before the first character". */
function substring(call: Parameters<FunctionTranslation>[0]): string {
  const [value, position, length] = scalarArgs(call, { min: 2, max: 3 });
  const start = `CASE WHEN ${position} = 0 THEN 1 ELSE ${position} END`;
  return length === undefined ? `substring(${value}, ${start})` : `substring(${value}, ${start}, ${length})`;
}
