/** Long enough that no user name or ordinary id reaches it; every random secret this service holds is longer. */
const MIN_TOKEN_RUN = 32;
const TOKEN_CHARACTER = /[A-Za-z0-9_+/=-]/;

/**
 * True when `value` holds a run of at least 32 base64/base64url characters mixing upper case, lower case and
 * digits: the shape of a random secret without a prefix (a pepper, a KEK, a service token from before `cvg_svc_`).
 * A hand-written single pass over the text (no regular expression over the run), so linear in its length.
 */
export function looksRandomToken(value: string): boolean {
  let run = 0;
  let upper = false;
  let lower = false;
  let digit = false;
  for (const character of value) {
    if (!TOKEN_CHARACTER.test(character)) {
      run = 0;
      upper = lower = digit = false;
      continue;
    }
    run += 1;
    upper ||= character >= 'A' && character <= 'Z';
    lower ||= character >= 'a' && character <= 'z';
    digit ||= character >= '0' && character <= '9';
    if (run >= MIN_TOKEN_RUN && upper && lower && digit) return true;
  }
  return false;
}
