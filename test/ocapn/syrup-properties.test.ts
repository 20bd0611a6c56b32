// fast-check properties of the Syrup codec: round trips, canonical order,
// chunked streaming equal to whole decoding, and arbitrary or mutated bytes
// only ever refused with a SyntaxError, RangeError or TypeError, quickly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareBytes,
  decodeSyrup,
  encodeSyrup,
  makeSyrupStreamDecoder,
  syrupDictionary,
  syrupRecord,
  syrupSet,
  syrupSymbol,
  type SyrupValue,
} from '../../src/ocapn/syrup/index.js';

const hexOf = (value: SyrupValue): string => Buffer.from(encodeSyrup(value)).toString('hex');

const { syrup } = fc.letrec<{ syrup: SyrupValue; atom: SyrupValue }>((tie) => ({
  atom: fc.oneof(
    fc.boolean(),
    fc.bigInt(),
    fc.double(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ maxLength: 6 }).map(syrupSymbol),
    fc.uint8Array({ maxLength: 12 }),
  ),
  syrup: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    fc.array(tie('syrup'), { maxLength: 4 }),
    fc.tuple(tie('atom'), fc.array(tie('syrup'), { maxLength: 3 })).map(([label, fields]) => syrupRecord(label, ...fields)),
    fc
      .uniqueArray(fc.tuple(tie('syrup'), tie('syrup')), { maxLength: 4, selector: ([key]) => hexOf(key) })
      .map((entries) => syrupDictionary(entries)),
    fc.uniqueArray(tie('syrup'), { maxLength: 4, selector: hexOf }).map((items) => syrupSet(items)),
  ),
}));

/** `value` with its dictionaries and sets in canonical order, as decoding yields them. */
const canonical = (value: SyrupValue): SyrupValue => {
  if (Array.isArray(value)) return (value as SyrupValue[]).map(canonical);
  if (typeof value !== 'object' || value instanceof Uint8Array) return value;
  const byBytes = (a: SyrupValue, b: SyrupValue) => compareBytes(encodeSyrup(a), encodeSyrup(b));
  switch ((value as { type: string }).type) {
    case 'record': {
      const { label, fields } = value as unknown as { label: SyrupValue; fields: SyrupValue[] };
      return syrupRecord(canonical(label), ...fields.map(canonical));
    }
    case 'dictionary': {
      const entries = (value as unknown as { entries: [SyrupValue, SyrupValue][] }).entries.map(([k, v]) => [canonical(k), canonical(v)] as const);
      return syrupDictionary([...entries].sort(([a], [b]) => byBytes(a, b)));
    }
    case 'set':
      return syrupSet((value as unknown as { items: SyrupValue[] }).items.map(canonical).sort(byBytes));
    default:
      return value;
  }
};

test('decode(encode(v)) is v with dictionaries and sets in canonical order', () => {
  fc.assert(
    fc.property(syrup, (value) => {
      assert.deepStrictEqual(decodeSyrup(encodeSyrup(value), { maxDepth: Infinity }), canonical(value));
    }),
    { numRuns: 500 },
  );
});

test('encoding is canonical: independent of entry order, and re-encoding gives the same bytes', () => {
  fc.assert(
    fc.property(syrup, fc.integer(), (value, seed) => {
      const bytes = encodeSyrup(value);
      assert.deepStrictEqual(encodeSyrup(decodeSyrup(bytes)), bytes);
      // Shuffled entries encode the same.
      const shuffled = (v: SyrupValue): SyrupValue => {
        if (typeof v !== 'object' || v instanceof Uint8Array || Array.isArray(v)) return v;
        const rotate = <T,>(list: readonly T[]) => (list.length ? [...list.slice(Math.abs(seed) % list.length), ...list.slice(0, Math.abs(seed) % list.length)] : [...list]);
        if ((v as { type: string }).type === 'dictionary') return syrupDictionary(rotate((v as unknown as { entries: [SyrupValue, SyrupValue][] }).entries));
        if ((v as { type: string }).type === 'set') return syrupSet(rotate((v as unknown as { items: SyrupValue[] }).items));
        return v;
      };
      assert.deepStrictEqual(encodeSyrup(shuffled(value)), bytes);
    }),
    { numRuns: 300 },
  );
});

test('decoded dictionary keys are in strictly increasing bytewise order of their encodings', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(fc.string({ unit: 'grapheme' }), fc.bigInt()), { selector: ([k]) => k, maxLength: 12 }), (entries) => {
      const decoded = decodeSyrup(encodeSyrup(syrupDictionary(entries))) as unknown as { entries: [SyrupValue, SyrupValue][] };
      const keys = decoded.entries.map(([key]) => encodeSyrup(key));
      for (let i = 1; i < keys.length; i += 1) assert.ok(compareBytes(keys[i - 1]!, keys[i]!) < 0);
      assert.equal(keys.length, entries.length);
    }),
  );
});

test('chunked streaming equals whole decoding, for any values and any splits', () => {
  fc.assert(
    fc.property(fc.array(syrup, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (values, cutSeeds) => {
      const bytes = Uint8Array.from(Buffer.concat(values.map((value) => encodeSyrup(value))));
      const cuts = [...new Set(cutSeeds.map((seed) => seed % (bytes.length + 1)))].sort((a, b) => a - b);
      const decoder = makeSyrupStreamDecoder({ maxDepth: Infinity });
      const out: SyrupValue[] = [];
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        out.push(...decoder.push(bytes.subarray(from, cut)));
        from = cut;
      }
      decoder.finish();
      assert.deepStrictEqual(out, values.map((value) => decodeSyrup(encodeSyrup(value), { maxDepth: Infinity })));
    }),
    { numRuns: 300 },
  );
});

const CLEAR = new Set(['SyntaxError', 'RangeError', 'TypeError']);

const decodesOrFailsClearly = (bytes: Uint8Array): void => {
  const start = performance.now();
  try {
    decodeSyrup(bytes, { maxDepth: 50, maxValueBytes: 1 << 16 });
  } catch (error) {
    assert.ok(error instanceof Error && CLEAR.has(error.name), `${String(error)} for ${Buffer.from(bytes).toString('hex')}`);
    assert.match(error.message, /byte offset \d+|empty input/);
  }
  // And the stream decoder agrees with it, chunked in two.
  const decoder = makeSyrupStreamDecoder({ maxDepth: 50, maxValueBytes: 1 << 16 });
  try {
    decoder.push(bytes.subarray(0, bytes.length >> 1));
    decoder.push(bytes.subarray(bytes.length >> 1));
  } catch (error) {
    assert.ok(error instanceof Error && CLEAR.has(error.name), String(error));
  }
  assert.ok(performance.now() - start < 1000, 'slow');
};

test('arbitrary bytes decode or are refused clearly, quickly', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), decodesOrFailsClearly), { numRuns: 3000 });
  const syrupish = fc.array(fc.constantFrom(...'0123456789+-:"\'[]{}<>#$tfD'.split('').map((c) => c.charCodeAt(0)), 0x80, 0xed, 0xff), { maxLength: 64 });
  fc.assert(fc.property(syrupish, (list) => decodesOrFailsClearly(Uint8Array.from(list))), { numRuns: 3000 });
});

test('mutated valid encodings decode or are refused clearly', () => {
  fc.assert(
    fc.property(syrup, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(2)), { minLength: 1, maxLength: 4 }), (value, edits) => {
      const bytes = [...encodeSyrup(value)];
      for (const [at, byte, kind] of edits) {
        const index = at % (bytes.length + 1);
        if (kind === 0) bytes[index] = byte;
        else if (kind === 1) bytes.splice(index, 0, byte);
        else bytes.splice(index, 1);
      }
      decodesOrFailsClearly(Uint8Array.from(bytes));
    }),
    { numRuns: 2000 },
  );
});
