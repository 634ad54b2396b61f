/**
 * Raised while translating when a BigQuery construct has no faithful DuckDB equivalent here. The endpoint
 * turns it into a 400 `invalidQuery` naming the construct: a refusal is better than a silently different answer.
 */
export class UntranslatableSql extends Error {
  readonly code = 'UNTRANSLATABLE_SQL';
  constructor(
    readonly construct: string,
    message?: string,
  ) {
    super(message ?? `${construct} is not supported by the local BigQuery endpoint`);
    this.name = 'UntranslatableSql';
  }
}

export function refuse(construct: string, message?: string): never {
  throw new UntranslatableSql(construct, message);
}
