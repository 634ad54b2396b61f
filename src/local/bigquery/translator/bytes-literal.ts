import { refuse } from './untranslatable';

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '`': 0x60,
  '?': 0x3f,
};

/**
 * The bytes of a BigQuery BYTES literal (`b'\xab'`, `rb'…'`, triple-quoted) read from its source text. The
 * parser's own value UTF-8-encodes `\xab` as two bytes, where BigQuery means the single byte 0xAB.
 */
export function bytesOfLiteral(text: string): Buffer {
  const prefix = /^[bBrR]{1,2}/.exec(text)?.[0] ?? '';
  const raw = /r/i.test(prefix);
  const quoted = text.slice(prefix.length);
  const quote = quoted.startsWith("'''") || quoted.startsWith('"""') ? quoted.slice(0, 3) : quoted.slice(0, 1);
  const body = quoted.slice(quote.length, quoted.length - quote.length);
  if (raw) return Buffer.from(body, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const hex = /^[xX]([0-9a-fA-F]{2})/.exec(body.slice(i + 1));
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (SIMPLE_ESCAPES[next] !== undefined) {
      bytes.push(SIMPLE_ESCAPES[next]);
      i += 1;
    } else {
      return refuse(`escape \\${next} in a BYTES literal`);
    }
  }
  return Buffer.from(bytes);
}
