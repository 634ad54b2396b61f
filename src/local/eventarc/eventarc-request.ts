import type { IncomingHttpHeaders } from 'node:http';

/** A request ready to send to the service: headers and bytes. */
export interface OutgoingCloudEvent {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const BASE64_CHAR = /^[A-Za-z0-9+/]$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * What the Firestore emulator's hook sends → what Eventarc sends, so the service's endpoint sees a production
 * CloudEvent. The emulator (observed with cloud-firestore-emulator, see docs/local-stack.md) sends binary mode with
 * `Content-Type: application/protobuf`, but:
 * - the body is the BASE64 TEXT of the DocumentEventData, where Eventarc sends the raw bytes: decoded here;
 * - `ce-source` reads `//firestore.googleapis.com/projects/projects/{p}/databases/(default)` (the prefix doubled):
 *   written as Eventarc writes it;
 * - it also sends `ce-datacontenttype`, which the HTTP binding maps to Content-Type alone: dropped.
 * Other `ce-*` headers (Firestore's extensions ce-project, ce-database, ce-document, … included) pass unchanged,
 * and the service's bearer token is added.
 */
export function toEventarcRequest(
  headers: IncomingHttpHeaders,
  body: Buffer,
  serviceToken: string,
): OutgoingCloudEvent {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('ce-') || lower === 'ce-datacontenttype' || value === undefined) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (out['ce-source'])
    out['ce-source'] = out['ce-source'].replace(
      '//firestore.googleapis.com/projects/projects/',
      '//firestore.googleapis.com/projects/',
    );
  out['content-type'] = headers['content-type'] ?? headers['ce-datacontenttype']?.toString() ?? 'application/protobuf';
  out.authorization = `Bearer ${serviceToken}`;
  return { headers: out, body: fromBase64Text(body) };
}

/** Base64 text → bytes; anything else (raw protobuf starts with a field tag, JSON with `{`) stays as it is. */
function fromBase64Text(body: Buffer): Buffer {
  if (body.length === 0 || !BASE64_CHAR.test(String.fromCharCode(body[0] as number))) return body;
  const text = body.toString('latin1').replace(/\s+/g, '');
  return text.length % 4 === 0 && BASE64_TEXT.test(text) ? Buffer.from(text, 'base64') : body;
}
