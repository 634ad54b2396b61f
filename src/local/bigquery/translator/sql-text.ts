/** Quoting helpers for the DuckDB SQL we emit. Every identifier is quoted so BigQuery names that are DuckDB keywords (`by`, `order`) stay names. */

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A call of one of the helper macros installed on every engine connection (see helper-macros.ts). */
export function helperCall(macro: string, ...args: string[]): string {
  return `${macro}(${args.join(', ')})`;
}
