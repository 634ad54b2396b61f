/** One gRPC length-prefixed message: a 1-byte compressed flag, a 4-byte big-endian length, then the body. */
export interface GrpcMessage {
  readonly compressed: boolean;
  readonly body: Buffer;
}

const PREFIX_BYTES = 5;

/**
 * Cuts a stream of HTTP/2 DATA chunks into gRPC messages. Chunks are kept in a list and joined once per
 * message, so a large message split over many frames costs one copy rather than one per frame.
 */
export class GrpcMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): GrpcMessage[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: GrpcMessage[] = [];
    for (;;) {
      if (this.buffered < PREFIX_BYTES) return messages;
      const prefix = this.peek(PREFIX_BYTES);
      const length = prefix.readUInt32BE(1);
      if (this.buffered < PREFIX_BYTES + length) return messages;
      const whole = this.take(PREFIX_BYTES + length);
      messages.push({ compressed: whole[0] === 1, body: whole.subarray(PREFIX_BYTES) });
    }
  }

  private peek(bytes: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= bytes) return first;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Buffer;
  }

  private take(bytes: number): Buffer {
    const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    this.chunks = joined.length > bytes ? [joined.subarray(bytes)] : [];
    this.buffered -= bytes;
    return joined.subarray(0, bytes);
  }
}
