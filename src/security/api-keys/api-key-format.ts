/**
 * API key format: `cvg_{keyId}_{secret}`.
 * - `cvg_` lets secret scanners and the log redactor recognise a key anywhere in text.
 * - `keyId`: 20 lowercase hex characters (80 random bits). It is not secret: it names the inline read-model
 *   document that holds the key's hash, so a lookup is one document read by id, never a scan over hashes.
 * - `secret`: 43 base62 characters (43 × log2 62 ≈ 256 bits). Base62 keeps the key URL-safe and selectable
 *   with one double-click; the fixed lengths make the `_` separators unambiguous.
 */
export const API_KEY_PREFIX = 'cvg_';
export const API_KEY_ID_LENGTH = 20;
export const API_KEY_SECRET_LENGTH = 43;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_ID_LENGTH + 1 + API_KEY_SECRET_LENGTH;

export const API_KEY_ID_PATTERN = /^[0-9a-f]{20}$/;
export const API_KEY_PATTERN = /^cvg_([0-9a-f]{20})_([0-9A-Za-z]{43})$/;

/** Finds keys inside free text (log lines, error messages); keeps the key id, which helps support and is not secret. */
export const API_KEY_IN_TEXT = /cvg_([0-9a-f]{20})_[0-9A-Za-z]+/g;

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
