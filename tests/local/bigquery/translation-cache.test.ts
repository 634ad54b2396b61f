import { TranslationCache } from '../../../src/local/bigquery/engine/translation-cache';
import { translateStatement } from '../../../src/local/bigquery/translate';

describe('TranslationCache', () => {
  const sql = 'SELECT x FROM UNNEST(@xs) AS x WHERE x > @floor';
  const asJson = (name: string) => (name === 'xs' ? `from_json($xs, '["BIGINT"]')` : `$${name}`);

  it('gives what translating again would give', () => {
    const cache = new TranslationCache();
    const first = cache.translate(sql, asJson, ['xs', 'floor']);
    expect(first).toEqual(translateStatement(sql, { parameterSql: asJson }));
    expect(cache.translate(sql, asJson, ['xs', 'floor'])).toEqual(first);
  });

  it('tells the same text apart when a parameter stands for other SQL', () => {
    const cache = new TranslationCache();
    const bound = cache.translate(sql, (name) => `$${name}`, ['xs', 'floor']);
    const fromJson = cache.translate(sql, asJson, ['xs', 'floor']);
    expect(bound).toMatchObject({ ok: true, sql: expect.not.stringContaining('from_json') });
    expect(fromJson).toMatchObject({ ok: true, sql: expect.stringContaining('from_json') });
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new TranslationCache(2);
    const texts = ['SELECT 1 AS a', 'SELECT 2 AS a', 'SELECT 3 AS a'];
    const plain = (name: string) => `$${name}`;
    cache.translate(texts[0]!, plain, []);
    cache.translate(texts[1]!, plain, []);
    cache.translate(texts[0]!, plain, []);
    cache.translate(texts[2]!, plain, []);
    const entries = (cache as unknown as { entries: Map<string, unknown> }).entries;
    expect([...entries.keys()].map((key) => (JSON.parse(key) as [string])[0])).toEqual([texts[0], texts[2]]);
  });
});
