// The Syrup-byte-string frame reader (src/ocapn/netlayers/syrup-frames.ts)
// on its own: any frames in any chunking give the same payloads; random
// bytes never throw, only report a problem that then sticks; the length
// must be canonical Syrup (no leading zero) and under maxFrameBytes, and is
// refused as soon as it passes it; a frame is allocated for as it arrives,
// not for what its length claims.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeSyrupFrame, makeSyrupFrameReader, syrupFramePrefix } from '../../src/ocapn/netlayers/syrup-frames.js';
import { cut } from './netlayer-test-kit.js';

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** Cuts `bytes` at the given points (taken modulo its length + 1, sorted, deduplicated). */
const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap(part => [...part]));

/** Reads `pieces` in order; the payloads (copied) and the first problem. */
const readAll = (pieces: Uint8Array[], maxFrameBytes = 1 << 20) => {
  const payloads: number[][] = [];
  const reader = makeSyrupFrameReader(maxFrameBytes, payload => payloads.push([...payload]));
  let problem: string | undefined;
  for (const piece of pieces) {
    problem = reader.push(piece);
    if (problem !== undefined) break;
  }
  return { payloads, problem, unfinished: reader.unfinished() };
};

const payloadArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 900, maxLength: 5000 }) },
);

test('the prefix is the length in ASCII decimal and a colon, as Endo writes it', () => {
  assert.deepEqual([...syrupFramePrefix(0)], [...ascii('0:')]);
  assert.deepEqual([...syrupFramePrefix(16 * 1024 * 1024)], [...ascii('16777216:')]);
  assert.deepEqual([...encodeSyrupFrame(ascii('<3:foo>'))], [...ascii('7:<3:foo>')]);
});

test('any frames in any chunking give the same payloads, in order, and end between frames', () => {
  fc.assert(
    fc.property(fc.array(payloadArbitrary, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 40 }), (payloads, points) => {
      const stream = concat(payloads.map(encodeSyrupFrame));
      const { payloads: got, problem, unfinished } = readAll(cut(stream, points));
      assert.equal(problem, undefined);
      assert.equal(unfinished, undefined);
      // Empty frames carry no message and are skipped.
      assert.deepEqual(
        got,
        payloads.filter(payload => payload.length > 0).map(payload => [...payload]),
      );
    }),
    { numRuns: 400 },
  );
});

test('a stream cut anywhere inside a frame is reported unfinished; cut between frames it is not', () => {
  fc.assert(
    fc.property(fc.array(payloadArbitrary, { minLength: 1, maxLength: 6 }), fc.nat(), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cutAt, points) => {
      const frames = payloads.map(encodeSyrupFrame);
      const stream = concat(frames);
      const length = cutAt % (stream.length + 1);
      const boundaries = new Set<number>([0]);
      let total = 0;
      for (const frame of frames) boundaries.add((total += frame.length));
      const { problem, unfinished } = readAll(cut(stream.subarray(0, length), points));
      assert.equal(problem, undefined);
      if (boundaries.has(length)) assert.equal(unfinished, undefined);
      else assert.match(unfinished ?? '', /^in the middle of a Syrup frame/);
    }),
    { numRuns: 300 },
  );
});

test('random bytes never throw: they give frames, or a problem that sticks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.uint8Array({ maxLength: 30 }), fc.constantFrom(ascii('3:'), ascii('0:'), ascii(':'), ascii('12'), ascii('00'))), { maxLength: 20 }),
      fc.integer({ min: 1, max: 5000 }),
      (pieces, maxFrameBytes) => {
        const reader = makeSyrupFrameReader(maxFrameBytes, payload => assert.ok(payload.length > 0 && payload.length <= maxFrameBytes));
        let first: string | undefined;
        for (const piece of pieces) {
          const problem = reader.push(piece);
          if (first !== undefined) assert.equal(problem, first);
          first ??= problem;
        }
        if (first !== undefined) {
          assert.match(first, /^sent (a bad Syrup frame length|a Syrup frame over its limit)/);
          assert.equal(reader.push(ascii('1:x')), first);
          assert.equal(reader.unfinished(), first);
        }
      },
    ),
    { numRuns: 1000 },
  );
});

test('only canonical Syrup lengths are accepted', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['0:', undefined],
    ['1:a0:2:bc', undefined],
    ['00:', /a leading zero, at byte 0/],
    ['1:a01:b', /a leading zero, at byte 3/],
    [':', /":" with no digits before it, at byte 0/],
    ['-1:a', /"-" \(0x2d\) where a digit belongs, at byte 0/],
    ['+1:a', /"\+" \(0x2b\) where a digit belongs/],
    [' 1:a', /" " \(0x20\) where a digit belongs/],
    ['1 :a', /" " \(0x20\) where a digit or ":" belongs, at byte 1/],
    ['1:a,1:b', /"," \(0x2c\) where a digit belongs, at byte 3/],
    ['<3:foo>', /"<" \(0x3c\) where a digit belongs/],
    ['\x00', /0x00 where a digit belongs/],
  ];
  for (const [text, expected] of cases) {
    const { problem } = readAll([ascii(text)]);
    if (expected === undefined) assert.equal(problem, undefined, text);
    else assert.match(problem ?? '(none)', expected, text);
  }
});

test('a length over maxFrameBytes is refused at the digit that passes it, before any payload', () => {
  const max = 16 * 1024 * 1024;
  assert.deepEqual(readAll([ascii(`${max}:`)], max), { payloads: [], problem: undefined, unfinished: `in the middle of a Syrup frame (0 of its ${max} bytes came; it began at byte 0 of the stream)` });
  const over = readAll([ascii(`${max + 1}:`)], max);
  assert.match(over.problem ?? '', /over its limit: a length of 8 digits reading more than maxFrameBytes \(16777216\)/);
  // A 20-digit length: the reader stops at the ninth digit (100,000,000 > 16 MiB); the rest is never read.
  const reader = makeSyrupFrameReader(max, () => assert.fail('no frame'));
  const twenty = ascii('12345678901234567890:');
  for (let i = 0; i < 8; i += 1) assert.equal(reader.push(twenty.subarray(i, i + 1)), undefined, `digit ${i + 1}`);
  assert.match(reader.push(twenty.subarray(8, 9)) ?? '', /a length of 9 digits reading more than maxFrameBytes/);
  // A claimed 2 GB frame likewise, whatever the limit below it.
  assert.match(readAll([ascii('2147483648:')], 1).problem ?? '', /a length of 1 digits reading more than maxFrameBytes \(1\)/);
  assert.match(readAll([ascii('2147483648:')], 2_000_000_000).problem ?? '', /a length of 10 digits/);
});

test('a frame inside one chunk is handed on as a view of it, without a copy', () => {
  const chunk = ascii('3:abc2:de');
  const views: Uint8Array[] = [];
  const reader = makeSyrupFrameReader(100, payload => views.push(payload));
  assert.equal(reader.push(chunk), undefined);
  assert.equal(views.length, 2);
  assert.equal(views[0]!.buffer, chunk.buffer);
  assert.equal(views[0]!.byteOffset, chunk.byteOffset + 2);
  assert.equal(views[1]!.byteOffset, chunk.byteOffset + 7);
});

test('a claimed 16 MiB frame trickled byte by byte costs what arrived, and copying stays linear', () => {
  const length = 16 * 1024 * 1024;
  let frames = 0;
  const reader = makeSyrupFrameReader(length, () => (frames += 1));
  assert.equal(reader.push(ascii(`${length}:`)), undefined);
  const before = process.memoryUsage().arrayBuffers;
  const one = new Uint8Array(1);
  const started = performance.now();
  for (let i = 0; i < 200_000; i += 1) assert.equal(reader.push(one), undefined);
  const grew = process.memoryUsage().arrayBuffers - before;
  // At most twice what arrived (200 kB → a 256 KiB buffer and the one it grew from), nowhere near 16 MiB.
  assert.ok(grew < 1024 * 1024, `array buffers grew by ${grew} bytes`);
  assert.ok(performance.now() - started < 1500, `${performance.now() - started} ms`);
  assert.equal(frames, 0);
  assert.match(reader.unfinished() ?? '', /200000 of its 16777216 bytes came/);
  // The rest in big pieces completes it, with every byte in place.
  const rest = new Uint8Array(length - 200_000).fill(7);
  let payload: Uint8Array | undefined;
  const check = makeSyrupFrameReader(length, bytes => (payload = bytes));
  check.push(ascii(`${length}:`));
  for (let i = 0; i < 200_000; i += 1) check.push(Uint8Array.of(i & 0xff));
  check.push(rest);
  assert.ok(payload !== undefined);
  assert.equal(payload.length, length);
  assert.equal(payload[199_999], 199_999 & 0xff);
  assert.equal(payload[200_000], 7);
  assert.equal(check.unfinished(), undefined);
});

test('maxFrameBytes must be a positive safe integer', () => {
  assert.throws(() => makeSyrupFrameReader(0, () => {}), /RangeError: maxFrameBytes must be a positive safe integer, got 0/);
  assert.throws(() => makeSyrupFrameReader(1.5, () => {}), RangeError);
});
