import { refuse } from './untranslatable';

/**
 * Rewrites a BigQuery JSONPath (`$.a.b`, `$.a[0]`, `$['a b']`, `$."a b"`) into DuckDB's spelling, quoting every
 * key so keys that look like numbers or keywords stay keys. Anything beyond keys and indexes (wildcards, filters,
 * recursive descent) is refused: BigQuery rejects those in JSON_VALUE too.
 */
export function toDuckJsonPath(path: string): string {
  if (!path.startsWith('$')) return refuse('JSONPath not starting with $', `JSONPath ${path} must start with $`);
  let rest = path.slice(1);
  let out = '$';
  while (rest.length > 0) {
    const match =
      /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest) ??
      /^\."((?:[^"\\]|\\.)*)"/.exec(rest) ??
      /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest) ??
      /^\[(\d+)\]/.exec(rest);
    if (!match) return refuse('JSONPath syntax', `Unsupported JSONPath ${path}`);
    const [whole, key] = match as unknown as [string, string];
    out +=
      whole.startsWith('[') && /^\d+$/.test(key)
        ? `[${key}]`
        : `."${key.replace(/\\(.)/g, '$1').replace(/"/g, '\\"')}"`;
    rest = rest.slice(whole.length);
  }
  return out;
}
