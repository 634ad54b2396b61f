/** Shorter values are too likely to occur by chance in ordinary text; every secret this service holds is longer. */
export const MIN_KNOWN_SECRET_LENGTH = 16;

/**
 * The service's own configured secrets (admin key, pepper, KEK, service token), masked by value wherever they
 * appear: a pepper or a KEK is random base64 with no recognisable shape, so no pattern can find it. Each value is
 * also matched as it appears URL-encoded (a path or query) and JSON-escaped (inside a serialized log line).
 * Filled by the composition root once the secrets are loaded; matching is `indexOf`, linear in the text.
 */
export class KnownSecrets {
  private forms: string[] = [];

  add(...values: readonly (string | undefined)[]): this {
    const forms = new Set(this.forms);
    for (const value of values) {
      if (value === undefined || value.length < MIN_KNOWN_SECRET_LENGTH) continue;
      forms.add(value);
      forms.add(encodeURIComponent(value));
      forms.add(JSON.stringify(value).slice(1, -1));
    }
    // Longest first: an encoded form contains pieces of the raw one, and must be replaced whole.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    return this;
  }

  get size(): number {
    return this.forms.length;
  }

  /** True when `text` contains one of the secrets in any of its forms. */
  occursIn(text: string): boolean {
    return this.forms.some((form) => text.includes(form));
  }

  /** `text` with every occurrence of every secret replaced by `replacement`. */
  mask(text: string, replacement: string): string {
    let masked = text;
    for (const form of this.forms) if (masked.includes(form)) masked = masked.split(form).join(replacement);
    return masked;
  }
}
