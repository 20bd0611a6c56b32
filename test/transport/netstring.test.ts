// Netstring framing and JSON message decoding: known encodings, round trips
// of any payloads cut into chunks at any boundaries, and clear errors for
// malformed or oversize input.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, encodeNetstring, makeNetstringDecoder } from '../../src/transport/index.js';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Concatenates byte arrays. */
const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Cuts `bytes` at the given offsets (taken modulo its length, sorted). */
const cutAt = (bytes: Uint8Array, offsets: number[]): Uint8Array[] => {
  const cuts = [...new Set(offsets.map(o => (bytes.length === 0 ? 0 : o % (bytes.length + 1))))].sort((x, y) => x - y);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
};

test('encodes payloads as <byte length>:<bytes>,', () => {
  assert.equal(text(encodeNetstring('hello')), '5:hello,');
  assert.equal(text(encodeNetstring('')), '0:,');
  // The length counts UTF-8 bytes, not characters.
  assert.equal(text(encodeNetstring('é☃')), '5:é☃,');
  assert.equal(text(encodeNetstring(new Uint8Array([0x41, 0x3a, 0x2c]))), '3:A:,,');
});

test('decodes several frames from one chunk and a frame from many chunks', () => {
  const decoder = makeNetstringDecoder(100);
  assert.deepEqual(decoder.push(bytesOf('5:hello,0:,3:a,b,')).map(text), ['hello', '', 'a,b']);
  assert.equal(decoder.isAtBoundary(), true);
  assert.deepEqual(decoder.push(bytesOf('1')), []);
  assert.equal(decoder.isAtBoundary(), false);
  assert.deepEqual(decoder.push(bytesOf('1:hello')), []);
  assert.deepEqual(decoder.push(bytesOf(' world')), []);
  assert.deepEqual(decoder.push(bytesOf(',')).map(text), ['hello world']);
});

test('property: any payloads, cut into chunks anywhere, decode to themselves', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      (payloads, offsets) => {
        const stream = concat(payloads.map(p => encodeNetstring(p)));
        const decoder = makeNetstringDecoder(64);
        const decoded = cutAt(stream, offsets).flatMap(chunk => decoder.push(chunk));
        assert.deepEqual(decoded.map(d => [...d]), payloads.map(p => [...p]));
        assert.equal(decoder.isAtBoundary(), true);
      },
    ),
  );
});

test('property: JSON records survive encodeMessage, framing and decodeMessage', () => {
  const record = fc.dictionary(fc.string(), fc.jsonValue());
  fc.assert(
    fc.property(record, fc.nat(), (message, cut) => {
      const frame = encodeNetstring(encodeMessage(message));
      const decoder = makeNetstringDecoder(1 << 20);
      const payloads = cutAt(frame, [cut]).flatMap(chunk => decoder.push(chunk));
      assert.equal(payloads.length, 1);
      assert.deepEqual(decodeMessage(payloads[0]), JSON.parse(JSON.stringify(message)));
    }),
  );
});

const malformed: [input: string, error: RegExp][] = [
  ['abc', /expected a digit or ":" in the length, got "a"/],
  [':x,', /expected a decimal length before ":"/],
  ['05:hello,', /must not have leading zeros/],
  ['5:hellox', /expected "," after 5 payload bytes, got "x"/],
  ['-1:a,', /expected a digit or ":" in the length, got "-"/],
  [' 1:a,', /got " "/],
  ['1:a,\n', /got byte 0x0a/],
];

for (const [input, error] of malformed) {
  test(`refuses malformed input ${JSON.stringify(input)}`, () => {
    const decoder = makeNetstringDecoder(100);
    assert.throws(() => decoder.push(bytesOf(input)), { name: 'SyntaxError', message: error });
    // Out of step for good: later input is refused with the same error.
    assert.throws(() => decoder.push(bytesOf('1:a,')), { message: error });
  });
}

test('refuses a declared length above the limit before buffering its payload', () => {
  const decoder = makeNetstringDecoder(10);
  assert.deepEqual(decoder.push(bytesOf('10:0123456789,')).map(text), ['0123456789']);
  assert.throws(() => decoder.push(bytesOf('11')), {
    name: 'RangeError',
    message: /Peer sent a message of 11 bytes, more than maxMessageBytes \(10\)/,
  });
  // A huge declared length fails on its digits, never allocating.
  assert.throws(() => makeNetstringDecoder(1000).push(bytesOf('99999999999999999999:')), { name: 'RangeError' });
});

test('property: arbitrary bytes either decode or fail with a netstring error', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 6 }), chunks => {
      const decoder = makeNetstringDecoder(8);
      try {
        for (const chunk of chunks) decoder.push(chunk);
      } catch (error) {
        assert.ok(error instanceof SyntaxError || error instanceof RangeError);
        assert.match((error as Error).message, /netstring|maxMessageBytes/);
      }
    }),
  );
});

test('decodeMessage refuses what is not a JSON record', () => {
  assert.deepEqual(decodeMessage('{"type":"CTP_BOOTSTRAP"}'), { type: 'CTP_BOOTSTRAP' });
  assert.throws(() => decodeMessage('{oops'), { name: 'SyntaxError', message: /Malformed message: not JSON/ });
  assert.throws(() => decodeMessage('[1]'), { name: 'TypeError', message: /expected a JSON object, got an array/ });
  assert.throws(() => decodeMessage('null'), { message: /got null/ });
  assert.throws(() => decodeMessage('"s"'), { message: /got string/ });
  assert.throws(() => decodeMessage(new Uint8Array([0x22, 0xff, 0x22])), { message: /not valid UTF-8/ });
});
