// NoiseFrameDecoder: the 2-byte-length framing of Noise messages read from
// an untrusted peer, in any chunking, against libp2p's own decoder (the
// LengthPrefixedDecoder Noise uses, with its 2-byte length reader), and its
// bounds on a peer that claims a big message and sends little.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LengthPrefixedDecoder } from '@libp2p/utils';
import { Uint8ArrayList } from 'uint8arraylist';
import { MAX_NOISE_BUFFER_BYTES, NoiseFrameDecoder, useNoiseFrameDecoder } from '../../src/ocapn/netlayers/libp2p-noise-frames.js';
import { cut } from './netlayer-test-kit.js';

const encodeFrame = (body: Uint8Array): Uint8Array => Uint8Array.from([body.length >> 8, body.length & 0xff, ...body]);

/** libp2p's decoder as Noise configures it (2-byte big-endian lengths that throw when short). */
const makeLibp2pDecoder = () =>
  new LengthPrefixedDecoder({
    lengthDecoder: (data: Uint8Array | { length: number; getUint16(offset: number): number }) => {
      if (data.length < 2) throw RangeError('Could not decode int16BE');
      return data instanceof Uint8Array ? (data[0]! << 8) | data[1]! : data.getUint16(0);
    },
    maxBufferSize: MAX_NOISE_BUFFER_BYTES,
    encodingLength: () => 2,
  });

test('any frames in any chunking decode to the same messages as libp2p decodes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 200, maxLength: 3000 })), { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      fc.boolean(),
      (bodies, points, asLists) => {
        const stream = Uint8Array.from(bodies.flatMap(body => [...encodeFrame(body)]));
        const ours = new NoiseFrameDecoder();
        const theirs = makeLibp2pDecoder();
        const got: number[][] = [];
        const expected: number[][] = [];
        for (const piece of cut(stream, points)) {
          const chunk = asLists ? new Uint8ArrayList(piece.subarray(0, piece.length >> 1), piece.subarray(piece.length >> 1)) : piece;
          for (const message of ours.decode(chunk)) got.push([...message]);
          for (const message of theirs.decode(piece)) expected.push([...message.subarray()]);
        }
        assert.deepEqual(got, expected);
        assert.deepEqual(
          got,
          bodies.filter(body => body.length > 0).map(body => [...body]),
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('a claimed 65,535-byte message trickling in byte by byte is held, then given whole', () => {
  const body = Uint8Array.from({ length: 0xffff }, (_, i) => i & 0xff);
  const stream = encodeFrame(body);
  const decoder = new NoiseFrameDecoder();
  const started = performance.now();
  for (let i = 0; i < stream.length - 1; i += 1) {
    assert.equal([...decoder.decode(stream.subarray(i, i + 1))].length, 0);
  }
  const [message, ...more] = [...decoder.decode(stream.subarray(stream.length - 1))];
  assert.equal(more.length, 0);
  assert.deepEqual(message, body);
  // Linear copying: 65,537 one-byte reads in well under a second (quadratic would be ~4 GB of copying).
  assert.ok(performance.now() - started < 1500, `${performance.now() - started} ms`);
});

test('more than 16 MiB held without a whole message is refused', () => {
  const decoder = new NoiseFrameDecoder();
  // A single read of over 16 MiB (a message is at most 65,537 bytes with its length).
  assert.throws(() => [...decoder.decode(new Uint8Array(MAX_NOISE_BUFFER_BYTES + 1))], RangeError);
});

test('useNoiseFrameDecoder replaces a decoder where there is one, and leaves other objects alone', () => {
  const connection = { decoder: makeLibp2pDecoder() };
  assert.equal(useNoiseFrameDecoder(connection), true);
  assert.ok(connection.decoder instanceof NoiseFrameDecoder);
  assert.equal(useNoiseFrameDecoder({}), false);
  assert.equal(useNoiseFrameDecoder(null), false);
});
