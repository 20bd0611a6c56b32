// Syrup bytes, exactly: the vectors of spec/ocapn.md §1 and of Endo's
// packages/ocapn test/syrup/_table.js (as facts), both ways, and the
// strict decoder's refusals, each with its byte offset.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeSyrup,
  encodeSyrup,
  syrupDictionary,
  syrupRecord,
  syrupSet,
  syrupSymbol,
  type SyrupValue,
} from '../../src/ocapn/syrup/index.js';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const vectors: [string, Uint8Array, SyrupValue][] = [
  ['zero', latin1('0+'), 0n],
  ['one', latin1('1+'), 1n],
  ['minus one', latin1('1-'), -1n],
  ['a big integer', latin1('123456789012345678901234567890+'), 123456789012345678901234567890n],
  ['a big negative integer', latin1('98765432109876543210-'), -98765432109876543210n],
  ['-Infinity', concat(latin1('D'), hex('ff f0 00 00 00 00 00 00')), -Infinity],
  ['Infinity', concat(latin1('D'), hex('7f f0 00 00 00 00 00 00')), Infinity],
  ['1.0', hex('44 3f f0 00 00 00 00 00 00'), 1],
  ['123.456', latin1('D@^\xdd/\x1a\x9f\xbew'), 123.456],
  ['NaN, canonical', hex('44 7f f8 00 00 00 00 00 00'), NaN],
  ['0.0', hex('44 00 00 00 00 00 00 00 00'), 0],
  ['-0 (kept, as Model.md does)', hex('44 80 00 00 00 00 00 00 00'), -0],
  ['true', latin1('t'), true],
  ['false', latin1('f'), false],
  ['a string', latin1('5"hello'), 'hello'],
  ['a symbol', latin1("5'hello"), syrupSymbol('hello')],
  ['bytes', latin1('5:hello'), latin1('hello')],
  ['empty string', latin1('0"'), ''],
  ['a UTF-8 string', Uint8Array.from(Buffer.from('6"h\u00e9llo', 'utf8')), 'h\u00e9llo'],
  ['a string beginning with a BOM', Uint8Array.from(Buffer.from('3"\ufeff', 'utf8')), '\ufeff'],
  ['an astral string', Uint8Array.from(Buffer.from('4"\u{1f600}', 'utf8')), '\u{1f600}'],
  ['a list', latin1('[1+2+3+]'), [1n, 2n, 3n]],
  ['a list of strings', latin1('[3"abc3"def]'), ['abc', 'def']],
  ['a mixed list', latin1('[3"foo123+t]'), ['foo', 123n, true]],
  ['a record', latin1("<3'foo1+2+>"), syrupRecord(syrupSymbol('foo'), 1n, 2n)],
  [
    'desc:tagged',
    latin1("<11'desc:tagged5'hello[5\"world]>"),
    syrupRecord(syrupSymbol('desc:tagged'), syrupSymbol('hello'), ['world']),
  ],
  ['a dictionary', latin1('{1"a10+1"b20+}'), syrupDictionary([['a', 10n], ['b', 20n]])],
  ['a dictionary, empty key first', latin1('{0"10+1"i20+}'), syrupDictionary([['', 10n], ['i', 20n]])],
  [
    'a dictionary, length prefix dominating',
    latin1('{3"age12+4"name7"Tabatha7"species3"cat}'),
    syrupDictionary([['age', 12n], ['name', 'Tabatha'], ['species', 'cat']]),
  ],
  ['{"b":1,"aa":2}', latin1('{1"b1+2"aa2+}'), syrupDictionary([['b', 1n], ['aa', 2n]])],
  [
    'string and symbol keys',
    latin1('{3"dog20+3\'cat10+}'),
    syrupDictionary([['dog', 20n], [syrupSymbol('cat'), 10n]]),
  ],
  ['a set', latin1('#1+2+3+$'), syrupSet([1n, 2n, 3n])],
  [
    'op:deliver-only',
    latin1('<15\'op:deliver-only<11\'desc:export3+>[5"Hello]>'),
    syrupRecord(syrupSymbol('op:deliver-only'), syrupRecord(syrupSymbol('desc:export'), 3n), ['Hello']),
  ],
  [
    'op:listen',
    latin1("<9'op:listen<11'desc:export1+><18'desc:import-object2+>f>"),
    syrupRecord(
      syrupSymbol('op:listen'),
      syrupRecord(syrupSymbol('desc:export'), 1n),
      syrupRecord(syrupSymbol('desc:import-object'), 2n),
      false,
    ),
  ],
  ['op:gc-export', latin1("<12'op:gc-export[5+][4+]>"), syrupRecord(syrupSymbol('op:gc-export'), [5n], [4n])],
];

for (const [name, bytes, value] of vectors) {
  test(`vector: ${name} decodes`, () => {
    assert.deepStrictEqual(decodeSyrup(bytes), value);
  });
  test(`vector: ${name} encodes`, () => {
    assert.deepStrictEqual(encodeSyrup(value), bytes);
  });
}

test('dictionaries and sets encode in canonical order whatever the order given', () => {
  assert.deepStrictEqual(encodeSyrup(syrupDictionary([['b', 20n], ['a', 10n]])), latin1('{1"a10+1"b20+}'));
  assert.deepStrictEqual(encodeSyrup(syrupDictionary([['i', 20n], ['', 10n]])), latin1('{0"10+1"i20+}'));
  assert.deepStrictEqual(
    encodeSyrup(syrupDictionary([['species', 'cat'], ['name', 'Tabatha'], ['age', 12n]])),
    latin1('{3"age12+4"name7"Tabatha7"species3"cat}'),
  );
  assert.deepStrictEqual(encodeSyrup(syrupSet([3n, 1n, 2n])), latin1('#1+2+3+$'));
  // A 10-byte key sorts before a 9-byte one: '1' < '9'.
  assert.deepStrictEqual(
    encodeSyrup(syrupDictionary([['123456789', 1n], ['1234567890', 2n]])),
    latin1('{10"12345678902+9"1234567891+}'),
  );
});

test('encoding refuses duplicates, lone surrogates and non-values', () => {
  assert.throws(() => encodeSyrup(syrupDictionary([['a', 1n], ['a', 2n]])), /same key twice/);
  assert.throws(() => encodeSyrup(syrupSet([1n, 1n])), /same item twice/);
  assert.throws(() => encodeSyrup('a\ud800b'), { name: 'TypeError', message: /lone surrogate/ });
  assert.throws(() => encodeSyrup(syrupSymbol('\udc00')), { name: 'TypeError', message: /lone surrogate/ });
  assert.throws(() => encodeSyrup(null as unknown as SyrupValue), TypeError);
  assert.throws(() => encodeSyrup(undefined as unknown as SyrupValue), TypeError);
  assert.throws(() => encodeSyrup({} as unknown as SyrupValue), TypeError);
});

test('every NaN is written as the canonical NaN; -0 as 0 when asked (as Endo writes it)', () => {
  const otherNaN = new DataView(new ArrayBuffer(8));
  otherNaN.setUint32(0, 0x7ff80000);
  otherNaN.setUint32(4, 1);
  assert.deepStrictEqual(encodeSyrup(otherNaN.getFloat64(0)), hex('44 7f f8 00 00 00 00 00 00'));
  assert.deepStrictEqual(encodeSyrup(-0, { negativeZero: 'zero' }), hex('44 00 00 00 00 00 00 00 00'));
  assert.deepStrictEqual(encodeSyrup(-0), hex('44 80 00 00 00 00 00 00 00'));
});

test('long and non-ASCII strings get the UTF-8 byte count', () => {
  for (const sample of ['x'.repeat(63), 'x'.repeat(64), 'y'.repeat(1000), '\u00e9'.repeat(40), '\u4e2d'.repeat(400), 'a\u{1f600}'.repeat(300)]) {
    const utf8 = Buffer.from(sample, 'utf8');
    assert.deepStrictEqual(encodeSyrup(sample), Uint8Array.from(Buffer.concat([Buffer.from(`${utf8.length}"`), utf8])));
    assert.equal(decodeSyrup(encodeSyrup(sample)), sample);
  }
});

const refusals: [string, Uint8Array, RegExp][] = [
  ["'0-'", latin1('0-'), /'0-'.*at byte offset 0/],
  ['a leading zero in an integer', latin1('01+'), /leading zero at byte offset 0/],
  ['a leading zero in a length', latin1('[01"a]'), /leading zero at byte offset 1/],
  ['unsorted dictionary keys', latin1('{1"b1+1"a2+}'), /out of canonical order.*at byte offset 6/],
  ['a dictionary in JS string order', latin1('{2"aa2+1"b1+}'), /out of canonical order.*at byte offset 7/],
  ['duplicate dictionary keys', latin1('{1"a1+1"a2+}'), /repeated.*at byte offset 6/],
  ['unsorted set items', latin1('#2+1+$'), /out of canonical order.*at byte offset 3/],
  ['duplicate set items', latin1('#1+1+$'), /repeated.*at byte offset 3/],
  ['a non-canonical NaN', hex('44 7f f8 00 00 00 00 00 01'), /NaN.*at byte offset 0/],
  ['a signalling NaN', hex('44 7f f0 00 00 00 00 00 01'), /NaN.*at byte offset 0/],
  ['bad UTF-8', latin1('2"\xc3\x28'), /UTF-8 at byte offset 0/],
  ['an encoded lone surrogate', hex('33 22 ed a0 80'), /UTF-8 at byte offset 0/],
  ['an overlong encoding', hex('32 22 c0 af'), /UTF-8 at byte offset 0/],
  ['bad UTF-8 in a symbol', latin1("1'\xff"), /UTF-8 at byte offset 0/],
  ['a single float (F)', latin1('F\x00\x00\x00\x00'), /unexpected byte 'F'.*at byte offset 0/],
  ['whitespace', latin1(' t'), /unexpected byte ' ' \(0x20\) at byte offset 0/],
  ['an empty record', latin1('[<>]'), /record with no label at byte offset 2/],
  ['a key without a value', latin1('{1"a}'), /key with no value at byte offset 4/],
  ['a mismatched closer', latin1('[1+}'), /must be closed with '\]' at byte offset 3|closed with '\]'.*at byte offset 3/],
  ['a closer with nothing open', latin1(']'), /never opened at byte offset 0/],
  ['trailing bytes', latin1('1+1+'), /after the end of the value at byte offset 2/],
  ['a truncated string', latin1('5"hel'), /ends inside a value/],
  ['a truncated float', hex('44 3f f0'), /ends inside a value/],
  ['an unclosed list', latin1('[1+'), /ends inside a value begun at byte offset 0/],
  ['empty input', latin1(''), /empty input/],
  ['digits with no type', latin1('12x'), /unexpected byte 'x'.*at byte offset 2/],
];

for (const [name, bytes, message] of refusals) {
  test(`refused: ${name}`, () => {
    assert.throws(() => decodeSyrup(bytes), (error: Error) => {
      assert.equal(error.name, 'SyntaxError');
      assert.match(error.message, message);
      return true;
    });
  });
}
