/**
 * Splits BigQuery SQL into code, string literals, backtick-quoted names and comments — just enough lexing to
 * know where a `{placeholder}` or `@param` sits, so values never land in SQL text (pure, no I/O).
 */

export type SegmentKind = 'code' | 'string' | 'quoted_name' | 'comment';

export interface Segment {
  readonly kind: SegmentKind;
  readonly text: string;
}

function endOfQuoted(sql: string, start: number, quote: string): number {
  // Returns the index just past the closing quote (or the end of input when unterminated).
  let i = start + quote.length;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (sql.startsWith(quote, i)) return i + quote.length;
    i += 1;
  }
  return sql.length;
}

export function lexSql(sql: string): readonly Segment[] {
  const segments: Segment[] = [];
  let code = '';
  const flush = (): void => {
    if (code.length > 0) segments.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < sql.length) {
    const rest2 = sql.slice(i, i + 2);
    const ch = sql[i] as string;
    let end = -1;
    let kind: SegmentKind = 'code';
    if (rest2 === '--' || ch === '#') {
      const nl = sql.indexOf('\n', i);
      end = nl === -1 ? sql.length : nl;
      kind = 'comment';
    } else if (rest2 === '/*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
      kind = 'comment';
    } else if (sql.startsWith("'''", i) || sql.startsWith('"""', i)) {
      end = endOfQuoted(sql, i, sql.slice(i, i + 3));
      kind = 'string';
    } else if (ch === "'" || ch === '"') {
      end = endOfQuoted(sql, i, ch);
      kind = 'string';
    } else if (ch === '`') {
      end = endOfQuoted(sql, i, '`');
      kind = 'quoted_name';
    }
    if (end === -1) {
      code += ch;
      i += 1;
      continue;
    }
    flush();
    segments.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  flush();
  return segments;
}
