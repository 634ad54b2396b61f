/**
 * The value a record holds under `key` as its own property, or undefined. Ids from requests index records keyed
 * by input, and a plain `record[id]` answers `constructor`, `toString` or `__proto__` from Object.prototype.
 */
export function ownEntry<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
