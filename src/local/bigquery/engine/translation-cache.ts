import { type StatementTranslation, translateStatement } from '../translate';

/**
 * The most recent statements' translations. A translation is a pure function of the statement text and of the
 * SQL each @parameter stands for, so a remembered one is exactly what translating again would give. It pays
 * because parsing is most of a small statement's cost here (a projector's MERGE of 40 rows: ~35 ms to parse,
 * ~20 ms in DuckDB) and a projector sends the same few statements, with new parameter values, again and again.
 */
export class TranslationCache {
  private readonly entries = new Map<string, StatementTranslation>();

  constructor(private readonly capacity = 256) {}

  /** `parameterNames`: every parameter the request carries (a name it lacks always stands as `$name`). */
  translate(
    sql: string,
    parameterSql: (name: string) => string,
    parameterNames: readonly string[],
  ): StatementTranslation {
    const key = JSON.stringify([sql, parameterNames.map((name) => [name, parameterSql(name)])]);
    const known = this.entries.get(key);
    if (known) {
      // Map order is insertion order: re-inserting keeps the most recently used last, so eviction takes the oldest.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const translated = translateStatement(sql, { parameterSql });
    this.entries.set(key, translated);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
    return translated;
  }
}
