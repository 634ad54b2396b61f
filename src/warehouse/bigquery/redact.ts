/**
 * Server messages are useful (a syntax error and its position) but can quote values: a failed cast of a
 * parameter echoes the parameter. Quoted literals are blanked, and so is any value the caller sent that shows
 * up verbatim, before a message goes into a WarehouseError.
 */
const QUOTED_LITERAL = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const MAX_MESSAGE_LENGTH = 400;
/** Shorter values would blank digits of line:column positions and common words; they carry little to leak. */
const MIN_REDACTED_VALUE_LENGTH = 4;

export function redactMessage(message: string, sentValues: Iterable<string> = []): string {
  let redacted = message.replace(QUOTED_LITERAL, "'…'");
  for (const value of sentValues) {
    if (value.length >= MIN_REDACTED_VALUE_LENGTH && redacted.includes(value))
      redacted = redacted.split(value).join('…');
  }
  return redacted.length > MAX_MESSAGE_LENGTH ? `${redacted.slice(0, MAX_MESSAGE_LENGTH)}…` : redacted;
}

/** Every scalar value inside query parameters in their REST form, for redaction. */
export function parameterValueStrings(parameters: readonly unknown[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'value' && typeof child === 'string') found.add(child);
      else if (key !== 'parameterType') visit(child);
    }
  };
  for (const parameter of parameters) visit(parameter);
  return found;
}
