import { GrpcMessageReader } from '../../smoke/production/grpc-messages';

const frame = (compressed: boolean, body: string): Buffer => {
  const bytes = Buffer.from(body);
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([prefix, bytes]);
};

describe('gRPC length-prefixed message reader', () => {
  it('joins a message split across chunks, even inside its prefix', () => {
    const whole = frame(false, 'hello world');
    const reader = new GrpcMessageReader();

    expect(reader.push(whole.subarray(0, 3))).toEqual([]);
    expect(reader.push(whole.subarray(3, 9))).toEqual([]);
    const messages = reader.push(whole.subarray(9));

    expect(messages.map((m) => m.body.toString())).toEqual(['hello world']);
  });

  it('cuts several messages out of one chunk and keeps the remainder for the next', () => {
    const second = frame(true, 'second');
    const reader = new GrpcMessageReader();

    const first = reader.push(Buffer.concat([frame(false, 'first'), frame(false, ''), second.subarray(0, 7)]));
    const rest = reader.push(second.subarray(7));

    expect(first.map((m) => [m.compressed, m.body.toString()])).toEqual([
      [false, 'first'],
      [false, ''],
    ]);
    expect(rest.map((m) => [m.compressed, m.body.toString()])).toEqual([[true, 'second']]);
  });
});
