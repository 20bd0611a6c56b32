// The stream decoder finds where each value ends in an unframed byte stream
// (OCapN's tcp-testing-only netlayer): a record split across reads, many
// records in one read, every split point.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSyrup, encodeSyrup, makeSyrupStreamDecoder, syrupRecord, syrupSymbol, syrupDictionary, type SyrupValue } from '../../src/ocapn/syrup/index.js';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

const messages: SyrupValue[] = [
  syrupRecord(syrupSymbol('op:deliver-only'), syrupRecord(syrupSymbol('desc:export'), 3n), ['Hello']),
  syrupRecord(syrupSymbol('op:listen'), syrupRecord(syrupSymbol('desc:export'), 1n), syrupRecord(syrupSymbol('desc:import-object'), 2n), false),
  [1.5, -0, NaN, latin1('bytes'), 'h\u00e9llo \u{1f600}', 123456789012345678901234567890n],
  syrupDictionary([['b', 1n], ['aa', [syrupDictionary([['x', true]])]]]),
  true,
];
const stream = Uint8Array.from(Buffer.concat(messages.map((message) => encodeSyrup(message))));

const feed = (chunks: Uint8Array[]): SyrupValue[] => {
  const decoder = makeSyrupStreamDecoder();
  const out: SyrupValue[] = [];
  for (const chunk of chunks) out.push(...decoder.push(chunk));
  decoder.finish();
  return out;
};

test('many records in one chunk', () => {
  assert.deepStrictEqual(feed([stream]), messages);
});

test('one byte at a time', () => {
  const chunks = Array.from(stream, (byte) => Uint8Array.of(byte));
  assert.deepStrictEqual(feed(chunks), messages);
});

test('every split into two chunks, and every split into three around it', () => {
  for (let cut = 0; cut <= stream.length; cut += 1) {
    assert.deepStrictEqual(feed([stream.subarray(0, cut), stream.subarray(cut)]), messages, `cut at ${cut}`);
    const second = Math.min(stream.length, cut + 7);
    assert.deepStrictEqual(feed([stream.subarray(0, cut), stream.subarray(cut, second), stream.subarray(second)]), messages);
  }
});

test('a value is returned by the push that completes it, not before', () => {
  const decoder = makeSyrupStreamDecoder();
  assert.deepEqual(decoder.push(latin1("<3'foo1+")), []);
  assert.equal(decoder.pendingBytes, 8);
  assert.deepStrictEqual(decoder.push(latin1('2+>t')), [syrupRecord(syrupSymbol('foo'), 1n, 2n), true]);
  assert.equal(decoder.pendingBytes, 0);
  decoder.finish();
});

test('the caller may reuse its chunk buffer after push', () => {
  const decoder = makeSyrupStreamDecoder();
  const chunk = latin1('5"hel');
  decoder.push(chunk);
  chunk.fill(0x21);
  assert.deepStrictEqual(decoder.push(latin1('lo')), ['hello']);
});

test('error offsets count from the start of the stream', () => {
  const decoder = makeSyrupStreamDecoder();
  decoder.push(latin1('1+2+'));
  assert.throws(() => decoder.push(latin1('[3+0-]')), /'0-'.*at byte offset 7$/);
});

test('a stream of 2 MB split into 1500-byte reads decodes like the whole', () => {
  const big = Array.from({ length: 20000 }, (_, i) => syrupRecord(syrupSymbol('op:deliver'), BigInt(i), `message ${i}`, [i / 3]));
  const bytes = Uint8Array.from(Buffer.concat(big.map((value) => encodeSyrup(value))));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 1500) chunks.push(bytes.subarray(at, at + 1500));
  assert.deepStrictEqual(feed(chunks), big);
  assert.deepStrictEqual(decodeSyrup(encodeSyrup(big)), big);
});
