/**
 * Reads a response body up to `limit` bytes and cancels (destroys) the stream past it, so a receiver that
 * sends megabytes costs at most the limit plus one chunk of memory.
 */
import type { Readable } from 'node:stream';

export interface BoundedRead {
  /** Bytes kept (never more than the limit). */
  readonly bytes: number;
  readonly truncated: boolean;
}

export async function readBounded(stream: Readable, limit: number): Promise<BoundedRead> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    if (bytes > limit) {
      stream.destroy();
      return { bytes: limit, truncated: true };
    }
  }
  return { bytes, truncated: false };
}
