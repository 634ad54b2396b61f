import * as t from 'io-ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical standard base64 only: Buffer.from(…, 'base64') silently skips junk, which would hide tampering. */
export function isCanonicalBase64(text: string): boolean {
  return BASE64.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

/** Base64 text, optionally of an exact decoded byte length. */
export function base64Codec(name: string, byteLength?: number): t.Type<string, string, unknown> {
  return t.refinement(
    t.string,
    (text) =>
      isCanonicalBase64(text) && (byteLength === undefined || Buffer.from(text, 'base64').length === byteLength),
    name,
  );
}
