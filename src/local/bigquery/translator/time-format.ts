import { refuse } from './untranslatable';

/** BigQuery format elements DuckDB's strftime/strptime read the same way. */
const SAME_ELEMENTS = new Set(['Y', 'm', 'd', 'H', 'M', 'S', 'y', 'b', 'B', 'a', 'A', 'j', 'p', 'I', '%']);
/** BigQuery shorthands, expanded to elements DuckDB knows. */
const EXPANDED_ELEMENTS: Readonly<Record<string, string>> = {
  F: '%Y-%m-%d',
  T: '%H:%M:%S',
  D: '%m/%d/%y',
  R: '%H:%M',
  E6S: '%S.%f',
  E3S: '%S.%g',
};

/**
 * Rewrites a BigQuery FORMAT_/PARSE_ time format into DuckDB's. Elements whose output would differ (`%z` prints
 * +0000 in BigQuery and +00 in DuckDB, `%e` pads with a space, `%E*S` varies its digits) are refused.
 */
export function toDuckTimeFormat(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const element = format.startsWith('E', i + 1) ? format.slice(i + 1, i + 4) : format.slice(i + 1, i + 2);
    if (SAME_ELEMENTS.has(element)) out += `%${element}`;
    else if (EXPANDED_ELEMENTS[element]) out += EXPANDED_ELEMENTS[element];
    else return refuse(`format element %${element}`);
    i += element.length;
  }
  return out;
}
