// The passable mapping (spec/ocapn.md §2), written straight to bytes: exact
// bytes for each pass style, round trips, record key order, the reference
// hooks, and refusals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { Far, makeTagged, passStyleOf } = await import('../../src/pass-style/index.js');
const { decodePassableSyrup, encodePassableSyrup, makePassableSyrupStreamDecoder, decodeSyrup } = await import('../../src/ocapn/syrup/index.js');
declare const harden: <T>(value: T) => T;

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const asText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const immutable = (bytes: number[]): ArrayBuffer => (Uint8Array.from(bytes).buffer as any).transferToImmutable();

const vectors: [string, unknown, string][] = [
  ['undefined', undefined, "<4'void>"],
  ['null', null, "<4'null>"],
  ['true', true, 't'],
  ['a bigint', -42n, '42-'],
  ['a number, always float64', 1, 'D?\xf0\x00\x00\x00\x00\x00\x00'],
  ['a string', 'hello', '5"hello'],
  ['a passable symbol', Symbol.for('hello'), "5'hello"],
  ['a byteArray', immutable([104, 105]), '2:hi'],
  ['a copyArray', [1n, 'a', [true]], '[1+1"a[t]]'],
  ['a tagged', makeTagged('hello', harden(['world'])), "<11'desc:tagged5'hello[5\"world]>"],
  ['an error (only its message)', Error('boom'), "<10'desc:error4\"boom>"],
  ['a copyRecord, keys in Syrup order', { b: 1n, aa: 2n }, '{1"b1+2"aa2+}'],
  ['an empty copyRecord', {}, '{}'],
];

for (const [name, value, bytes] of vectors) {
  test(`passable vector: ${name}`, () => {
    const hardened = harden(value);
    assert.equal(asText(encodePassableSyrup(hardened as any)), bytes);
    const decoded = decodePassableSyrup(latin1(bytes));
    assert.equal(passStyleOf(decoded), passStyleOf(hardened as any));
    assert.equal(asText(encodePassableSyrup(decoded)), bytes);
  });
}

test('decoded values are what they say: errors keep their message, byteArrays their bytes, records are hardened', () => {
  const error = decodePassableSyrup(latin1("<10'desc:error4\"boom>")) as Error;
  assert.ok(error instanceof Error);
  assert.equal(error.message, 'boom');
  const bytes = decodePassableSyrup(latin1('2:hi')) as ArrayBuffer;
  assert.deepEqual([...new Uint8Array(bytes.slice(0))], [104, 105]);
  const record = decodePassableSyrup(latin1('{1"b[1+]2"aa2+}')) as Record<string, unknown>;
  assert.ok(Object.isFrozen(record) && Object.isFrozen(record.b));
  assert.deepEqual(Object.keys(record), ['b', 'aa']);
  // A "__proto__" key is a key, not a prototype.
  const proto = decodePassableSyrup(latin1('{9"__proto__t}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, true);
  // Object.prototype's frozen names are own keys too (no override mistake).
  const named = decodePassableSyrup(latin1('{11"constructort8"toString1+}')) as Record<string, unknown>;
  assert.equal(Object.getOwnPropertyDescriptor(named, 'toString')?.value, 1n);
  assert.equal(Object.getOwnPropertyDescriptor(named, 'constructor')?.value, true);
  assert.equal(passStyleOf(named), 'copyRecord');
  // The tag of desc:tagged may also arrive as a string (Model.md calls it one).
  const tagged = decodePassableSyrup(latin1('<11\'desc:tagged5"hello1+>'));
  assert.equal(passStyleOf(tagged), 'tagged');
});

test("recordKeyOrder 'endo' writes and expects JS string order, as @endo/ocapn", () => {
  const value = harden({ id: 1n, name: 'n', ok: true, amount: 2n });
  assert.equal(asText(encodePassableSyrup(value)), '{2"id1+2"okt4"name1"n6"amount2+}');
  const endo = encodePassableSyrup(value, { recordKeyOrder: 'endo' });
  assert.equal(asText(endo), '{6"amount2+2"id1+4"name1"n2"okt}');
  assert.throws(() => decodePassableSyrup(endo), /out of canonical order/);
  assert.deepEqual(decodePassableSyrup(endo, { recordKeyOrder: 'endo' }), value);
  assert.throws(() => decodePassableSyrup(latin1('{2"ok1+4"name2+}'), { recordKeyOrder: 'endo' }), /JS string order/);
  assert.throws(() => decodePassableSyrup(latin1('{2"id1+2"id2+}'), { recordKeyOrder: 'endo' }), /distinct/);
});

test('keys beyond U+D800 are put in UTF-8 byte order, not UTF-16 order', () => {
  const value = harden({ '\u{1f600}': 1n, '\uffff': 2n });
  // Both are 3-byte vs 4-byte UTF-8: '3"' sorts before '4"'.
  assert.equal(Buffer.from(encodePassableSyrup(value)).toString('utf8'), '{3"\uffff2+4"\u{1f600}1+}');
  assert.deepEqual(decodePassableSyrup(encodePassableSyrup(value)), value);
});

test('remotables and promises go through the caller\'s hooks', () => {
  const remotable = Far('thing', {});
  const promise = harden(Promise.resolve());
  assert.throws(() => encodePassableSyrup(harden([remotable])), /no writeReference given/);
  const bytes = encodePassableSyrup(harden([remotable, promise]), {
    writeReference: (_reference, writer, style) => {
      writer.openLabelledRecord(style === 'remotable' ? 'desc:import-object' : 'desc:import-promise');
      writer.writeInteger(style === 'remotable' ? 1n : 2n);
      writer.closeRecord();
    },
  });
  assert.equal(asText(bytes), "[<18'desc:import-object1+><19'desc:import-promise2+>]");
  assert.throws(() => decodePassableSyrup(bytes), /record labelled "desc:import-object" at byte offset 1/);
  const seen: [string, unknown[]][] = [];
  const decoded = decodePassableSyrup(bytes, {
    decodeRecord: (label, fields) => {
      seen.push([label, fields]);
      return label === 'desc:import-object' ? remotable : promise;
    },
  }) as unknown[];
  assert.equal(decoded[0], remotable);
  assert.deepEqual(seen, [['desc:import-object', [1n]], ['desc:import-promise', [2n]]]);
});

test('refusals', () => {
  assert.throws(() => encodePassableSyrup(Symbol.for('@@iterator')), /'@@'/);
  assert.throws(() => encodePassableSyrup(Symbol.iterator), /'@@'|passable symbols/);
  assert.throws(() => decodePassableSyrup(latin1("10'@@iterator")), { name: 'TypeError', message: /reserved.*at byte offset 0/ });
  assert.throws(() => decodePassableSyrup(latin1('#1+$')), { name: 'TypeError', message: /sets are not in the OCapN data model/ });
  assert.throws(() => decodePassableSyrup(latin1('{1+t}')), { name: 'TypeError', message: /copyRecord keys are strings/ });
  assert.throws(() => decodePassableSyrup(latin1('<5"hello>')), { name: 'TypeError', message: /label is not a symbol/ });
  assert.throws(() => decodePassableSyrup(latin1("<4'void1+>")), TypeError);
  assert.throws(() => decodePassableSyrup(latin1("<10'desc:error1+>")), TypeError);
});

test('the passable stream decoder splits an unframed stream', () => {
  const values = harden([{ a: 1n }, 'two', [undefined, null], 3]);
  const bytes = Uint8Array.from(Buffer.concat(values.map((value) => encodePassableSyrup(value as any))));
  const decoder = makePassableSyrupStreamDecoder();
  const out: unknown[] = [];
  for (const byte of bytes) out.push(...decoder.push(Uint8Array.of(byte)));
  decoder.finish();
  assert.deepEqual(out, values);
});

const passableArb = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(undefined, null, true, false),
    fc.bigInt(),
    fc.double(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ maxLength: 5 }).filter((name) => !name.startsWith('@@')).map((name) => Symbol.for(name)),
    fc.uint8Array({ maxLength: 6 }).map((bytes) => (bytes.slice().buffer as any).transferToImmutable()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 5 }), tie('value'), { maxKeys: 4 }).map((entries) => Object.fromEntries(Object.entries(entries))),
    fc.tuple(fc.string({ maxLength: 5 }), tie('value')).map(([tag, payload]) => makeTagged(tag, harden(payload) as any)),
    fc.string().map((message) => Error(message)),
  ),
}));

test('property: passables round-trip, in both key orders, and match the generic decoder', () => {
  fc.assert(
    fc.property(passableArb.value, (raw) => {
      const value = harden(raw) as any;
      for (const recordKeyOrder of ['syrup', 'endo'] as const) {
        const bytes = encodePassableSyrup(value, { recordKeyOrder });
        const decoded = decodePassableSyrup(bytes, { recordKeyOrder });
        // Errors carry only their message, so compare by re-encoding.
        assert.deepStrictEqual(encodePassableSyrup(decoded, { recordKeyOrder }), bytes);
      }
      // The canonical form is valid generic Syrup too.
      decodeSyrup(encodePassableSyrup(value));
    }),
    { numRuns: 500 },
  );
});

test('byte strings read from a pooled Node Buffer are copies: the pool and the caller’s bytes stay intact', () => {
  // Small Buffers share Node's pool; a view of it made immutable would detach the whole pool.
  const pooled = Buffer.from('5:hello');
  const neighbour = Buffer.from('still here');
  const decoded = decodePassableSyrup(pooled) as ArrayBuffer;
  assert.equal(Buffer.from(decoded.slice(0)).toString(), 'hello');
  assert.equal(pooled.toString(), '5:hello');
  assert.equal(neighbour.toString(), 'still here');
  const streamed = makePassableSyrupStreamDecoder().push(Buffer.from('3:abc3:def'));
  assert.deepEqual(streamed.map(b => Buffer.from((b as ArrayBuffer).slice(0)).toString()), ['abc', 'def']);
  assert.equal(neighbour.toString(), 'still here');
});
