import * as E from 'fp-ts/Either';
import { EventarcDecodeError } from './errors';

/** An HTTP request as the endpoint received it: header names in any case, the body as raw bytes. */
export interface CloudEventDelivery {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

/** The CloudEvent 1.0 attributes a binary-mode delivery carries in `ce-*` headers, and its data. */
export interface BinaryCloudEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string | undefined;
  /** The media type of the data, lower case, without parameters (`application/protobuf`). */
  readonly dataContentType: string;
  /** The data, base64-unwrapped when it came as base64 text (the Firestore emulator's hook sends it so). */
  readonly data: Uint8Array;
}

const REQUIRED = ['ce-id', 'ce-source', 'ce-specversion', 'ce-type'] as const;

/**
 * Reads a binary-mode CloudEvent (https://github.com/cloudevents/spec, HTTP binding): attributes in `ce-*`
 * headers, `Content-Type` = the data's media type. Structured mode (`application/cloudevents+json`) is refused:
 * Eventarc delivers binary mode.
 */
export function readBinaryCloudEvent(delivery: CloudEventDelivery): E.Either<EventarcDecodeError, BinaryCloudEvent> {
  const headers = lowerCaseHeaders(delivery.headers);
  const contentType = mediaType(headers['content-type'] ?? headers['ce-datacontenttype']);
  if (contentType?.startsWith('application/cloudevents')) {
    return E.left(
      new EventarcDecodeError(
        'INVALID_CLOUDEVENT',
        `Structured-mode CloudEvents (${contentType}) are not accepted; send binary mode (ce-* headers)`,
      ),
    );
  }
  const missing = REQUIRED.filter((name) => !headers[name]);
  if (missing.length > 0) {
    return E.left(
      new EventarcDecodeError(
        'INVALID_CLOUDEVENT',
        'Not a binary-mode CloudEvent',
        missing.map((name) => `${name}: missing`),
      ),
    );
  }
  if (headers['ce-specversion'] !== '1.0') {
    return E.left(
      new EventarcDecodeError('INVALID_CLOUDEVENT', 'Unsupported CloudEvents version', [
        `ce-specversion: expected 1.0, got ${preview(headers['ce-specversion'])}`,
      ]),
    );
  }
  if (!contentType) {
    return E.left(
      new EventarcDecodeError('UNSUPPORTED_CONTENT_TYPE', 'The CloudEvent names no data content type (Content-Type)'),
    );
  }
  return E.right({
    id: headers['ce-id'] as string,
    source: headers['ce-source'] as string,
    type: headers['ce-type'] as string,
    subject: headers['ce-subject'] || undefined,
    dataContentType: contentType,
    data: unwrapBase64(delivery.body),
  });
}

const BASE64_CHAR = /^[A-Za-z0-9+/]$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Base64 text of the data → the data; anything else as it is. Unambiguous for this endpoint because the FIRST
 * byte decides: a protobuf DocumentEventData starts with a field tag (0x0a, 0x12 or 0x1a) and JSON with `{` or
 * whitespace, none of them a base64 character. Line breaks inside the text (MIME style) are tolerated.
 */
export function unwrapBase64(body: Uint8Array): Uint8Array {
  if (body.length === 0 || !BASE64_CHAR.test(String.fromCharCode(body[0] as number))) return body;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1').replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64_TEXT.test(text)) return body;
  return Buffer.from(text, 'base64');
}

function lowerCaseHeaders(headers: CloudEventDelivery['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = typeof value === 'string' ? value : value?.[0];
    result[name.toLowerCase()] = first?.trim();
  }
  return result;
}

function mediaType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

function preview(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}
