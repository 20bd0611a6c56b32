// endo/marshal/tools/marshal-test-data.js: the shared fixtures of
// @endo/marshal's tests, the same values under the same names: strings
// from several Unicode planes, passables paired with their capdata bodies
// and with their Justin text, and a sample of passables with its stable
// rank sort. Needs lockdown() first (it hardens what it exports).

import { hardenNow as harden } from '../../pass-style/harden-at-call-time.js';
import { makeTagged } from '../../pass-style/make-tagged.js';
import { passableSymbolForName } from '../../pass-style/symbol.js';
import { exampleAlice, exampleBob, exampleCarol } from '../../pass-style/tools.js';
import type { Passable } from '../../pass-style/types.js';
import type { RankComparison } from '../order-types.js';

/** A sorted copy of `elements` (Array.prototype.toSorted, where the platform lacks it). */
export const sorted = <T = unknown>(elements: T[], compare: (left: T, right: T) => RankComparison): T[] =>
  [...elements].sort(compare);
harden(sorted);

/** Compares strings as `<` does: by UTF-16 code unit. */
export const compareByUtf16CodeUnit = (left: string, right: string): RankComparison =>
  left < right ? -1 : left > right ? 1 : 0;
harden(compareByUtf16CodeUnit);

/**
 * Strings whose UTF-16 code unit order and Unicode code point order
 * disagree (U+FF61 sorts after a surrogate pair by code unit, before it by
 * code point), with lone surrogates, which only pass when
 * ONLY_WELL_FORMED_STRINGS_PASSABLE is 'disabled'.
 */
export const multiplanarStrings = harden({
  bmpLow: 'X',
  bmpHigh: '\u{ff61}', // HALFWIDTH IDEOGRAPHIC FULL STOP
  surrogatePair: '\u{d800}\u{dc02}', // U+10002 LINEAR B SYLLABLE B028 I
  loneSurrogate: '\u{d800}',
  loneSurrogate$bmpLow: '\u{d800}X',
  loneSurrogate$bmpHigh: '\u{d800}\u{ff61}',
});

export const { bmpLow, loneSurrogate, loneSurrogate$bmpLow, loneSurrogate$bmpHigh, bmpHigh, surrogatePair } =
  multiplanarStrings;

export const stringsByUtf16CodeUnit: readonly string[] = harden(
  sorted(Object.values(multiplanarStrings), compareByUtf16CodeUnit),
);

// The fixtures assume the engine sorts strings by code unit; say so if it does not.
{
  const expected = [bmpLow, loneSurrogate, loneSurrogate$bmpLow, surrogatePair, loneSurrogate$bmpHigh, bmpHigh];
  if (stringsByUtf16CodeUnit.join(' ') !== expected.join(' ')) {
    throw Error(`internal: unexpected native string sorting ${JSON.stringify(stringsByUtf16CodeUnit)}`);
  }
}

const undefinedBody = { '@qclass': 'undefined' };

/**
 * `[passable, body]` pairs: marshalling `passable` in the capdata format
 * gives JSON.stringify(body) as its body, and unmarshalling that body gives
 * back a value deepEqual to `passable`.
 */
export const roundTripPairs: ReadonlyArray<readonly [passable: Passable, capdataBodyEncoding: unknown]> = harden([
  // JSON data is its own encoding.
  [[1, 2], [1, 2]],
  [{ foo: 1 }, { foo: 1 }],
  [{}, {}],
  [{ a: 1, b: 2 }, { a: 1, b: 2 }],
  [{ a: 1, b: { c: 3 } }, { a: 1, b: { c: 3 } }],
  [true, true],
  [1, 1],
  ['abc', 'abc'],
  [null, null],

  // Names that trip naive decoders: `__proto__` (where JSON and JS
  // disagree) and a name inherited from a frozen Object.prototype.
  [{ ['__proto__']: {} }, { ['__proto__']: {} }],
  [{ isPrototypeOf: {} }, { isPrototypeOf: {} }],

  // Numbers and undefined that JSON cannot say.
  [undefined, undefinedBody],
  [NaN, { '@qclass': 'NaN' }],
  [Infinity, { '@qclass': 'Infinity' }],
  [-Infinity, { '@qclass': '-Infinity' }],
  [4n, { '@qclass': 'bigint', digits: '4' }],
  [9007199254740993n, { '@qclass': 'bigint', digits: '9007199254740993' }], // beyond a double's precision

  // Well-known symbols, registered symbols, and a registered one named like a well-known one.
  [Symbol.asyncIterator, { '@qclass': 'symbol', name: '@@asyncIterator' }],
  [Symbol.match, { '@qclass': 'symbol', name: '@@match' }],
  [passableSymbolForName('foo'), { '@qclass': 'symbol', name: 'foo' }],
  [passableSymbolForName('@@@@foo'), { '@qclass': 'symbol', name: '@@@@foo' }],

  // undefined inside containers, which a JSON reviver cannot produce.
  [[undefined], [undefinedBody]],
  [{ foo: undefined }, { foo: undefinedBody }],

  [makeTagged('x', 8), { '@qclass': 'tagged', tag: 'x', payload: 8 }],
  [makeTagged('x', undefined), { '@qclass': 'tagged', tag: 'x', payload: undefinedBody }],

  [Error(''), { '@qclass': 'error', message: '', name: 'Error' }],
  [ReferenceError('msg'), { '@qclass': 'error', message: 'msg', name: 'ReferenceError' }],
  [ReferenceError('#msg'), { '@qclass': 'error', message: '#msg', name: 'ReferenceError' }],

  // Records with their own `@qclass` property: the "hilbert" escape.
  [{ '@qclass': 8 }, { '@qclass': 'hilbert', original: 8 }],
  [{ '@qclass': '@qclass' }, { '@qclass': 'hilbert', original: '@qclass' }],
  [{ '@qclass': { '@qclass': 8 } }, { '@qclass': 'hilbert', original: { '@qclass': 'hilbert', original: 8 } }],
  [
    { '@qclass': { '@qclass': 8, foo: 'foo1' }, bar: { '@qclass': undefined } },
    {
      '@qclass': 'hilbert',
      original: { '@qclass': 'hilbert', original: 8, rest: { foo: 'foo1' } },
      rest: { bar: { '@qclass': 'hilbert', original: undefinedBody } },
    },
  ],
] as Array<[Passable, unknown]>);

/**
 * `[capdataBody, justin, slots?]` triples: decodeToJustin renders the
 * capdata body (with these slots) as the Justin text, and evaluating that
 * text gives a passable whose capdata body is `capdataBody` again.
 */
export const jsonJustinPairs: ReadonlyArray<readonly [capdataBody: string, justin: string, slots?: unknown[]]> = harden([
  // Justin is JSON without needless quotes around property names.
  ['[1,2]', '[1,2]'],
  ['{"foo":1}', '{foo:1}'],
  ['{"a":1,"b":2}', '{a:1,b:2}'],
  ['{"a":1,"b":{"c":3}}', '{a:1,b:{c:3}}'],
  ['true', 'true'],
  ['1', '1'],
  ['"abc"', '"abc"'],
  ['null', 'null'],

  // What JSON cannot say, Justin says as JavaScript does.
  ['{"@qclass":"undefined"}', 'undefined'],
  ['{"@qclass":"NaN"}', 'NaN'],
  ['{"@qclass":"Infinity"}', 'Infinity'],
  ['{"@qclass":"-Infinity"}', '-Infinity'],
  ['{"@qclass":"bigint","digits":"4"}', '4n'],
  ['{"@qclass":"bigint","digits":"9007199254740993"}', '9007199254740993n'],
  ['{"@qclass":"symbol","name":"@@asyncIterator"}', 'passableSymbolForName("@@asyncIterator")'],
  ['{"@qclass":"symbol","name":"@@match"}', 'passableSymbolForName("@@match")'],
  ['{"@qclass":"symbol","name":"foo"}', 'passableSymbolForName("foo")'],
  ['{"@qclass":"symbol","name":"@@@@foo"}', 'passableSymbolForName("@@@@foo")'],

  ['[{"@qclass":"undefined"}]', '[undefined]'],
  ['{"foo":{"@qclass":"undefined"}}', '{foo:undefined}'],
  ['{"@qclass":"error","message":"","name":"Error"}', 'Error("")'],
  ['{"@qclass":"error","message":"msg","name":"ReferenceError"}', 'ReferenceError("msg")'],

  // A `__proto__` property must be computed in JavaScript to be a property.
  ['{"__proto__":8}', '{["__proto__"]:8}'],

  // The hilbert escape, undone.
  ['{"@qclass":"hilbert","original":8}', '{"@qclass":8}'],
  ['{"@qclass":"hilbert","original":"@qclass"}', '{"@qclass":"@qclass"}'],
  ['{"@qclass":"hilbert","original":{"@qclass":"hilbert","original":8}}', '{"@qclass":{"@qclass":8}}'],
  [
    '{"@qclass":"hilbert","original":{"@qclass":"hilbert","original":8,"rest":{"foo":"foo1"}},"rest":{"bar":{"@qclass":"hilbert","original":{"@qclass":"undefined"}}}}',
    '{"@qclass":{"@qclass":8,foo:"foo1"},bar:{"@qclass":undefined}}',
  ],

  ['{"@qclass":"tagged","tag":"x","payload":8}', 'makeTagged("x",8)'],
  ['{"@qclass":"tagged","tag":"x","payload":{"@qclass":"undefined"}}', 'makeTagged("x",undefined)'],

  // Slots: by index, by slot value, and a slot met twice (whose iface is said once).
  ['[{"@qclass":"slot","iface":"Alleged: for testing Justin","index":0}]', '[slot(0,"Alleged: for testing Justin")]'],
  [
    '[{"@qclass":"slot","iface":"Alleged: for testing Justin","index":0},{"@qclass":"slot","iface":"Remotable","index":1}]',
    '[slotToVal("hello","Alleged: for testing Justin"),slotToVal(null,"Remotable")]',
    ['hello', null],
  ],
  [
    '[{"@qclass":"slot","iface":"Alleged: for testing Justin","index":0},{"@qclass":"slot","index":0}]',
    '[slot(0,"Alleged: for testing Justin"),slot(0)]',
  ],
] as Array<[string, string, unknown[]?]>);

const setOfAB = () =>
  makeTagged('copySet', [
    ['a', 4],
    ['b', 3],
  ]);

/** A copyArray of passables of every rank, out of order. */
export const unsortedSample: readonly Passable[] = harden([
  makeTagged('copySet', [
    ['b', 3],
    ['a', 4],
  ]),
  'foo',
  3n,
  'barr',
  undefined,
  [5, { foo: 4 }],
  2,
  null,
  [5, { foo: 4, bar: null }],
  exampleBob,
  0,
  setOfAB(),
  NaN,
  true,
  undefined,
  -Infinity,
  [5],
  exampleAlice,
  [],
  passableSymbolForName('foo'),
  Error('not erroneous'),
  passableSymbolForName('@@@@foo'),
  [5, { bar: 5 }],
  passableSymbolForName(''),
  false,
  exampleCarol,
  [exampleCarol, 'm'],
  [exampleAlice, 'a'],
  [exampleBob, 'z'],
  -0,
  {},
  [5, undefined],
  -3,
  makeTagged('copyMap', [
    ['a', 4],
    ['b', 3],
  ]),
  true,
  'bar',
  [5, null],
  new Promise(() => {}), // never settles
  makeTagged('nonsense', [
    ['a', 4],
    ['b', 3],
  ]),
  Infinity,
  Symbol.isConcatSpreadable,
  [5, { foo: 4, bar: undefined }],
  Promise.resolve('fulfillment'),
  [5, { foo: 4 }],
  // Promises tie, so the shorter array ranks first, whichever promise was
  // made (or encoded) first: an order-preserving encoding must agree.
  [Promise.resolve(null), 'x'],
  [Promise.resolve(null)],
] as Passable[]);

const rejected = Promise.reject(Error('broken'));
rejected.catch(() => {}); // handled: only its rank matters

/**
 * unsortedSample sorted by rank, stably: ties (all errors, all promises,
 * all remotables) keep their order in the input.
 */
export const sortedSample: readonly Passable[] = harden([
  Error('different'),

  {},

  // Tagged: by tag, then by payload, whatever the tag means.
  makeTagged('copyMap', [
    ['a', 4],
    ['b', 3],
  ]),
  setOfAB(),
  makeTagged('copySet', [
    ['b', 3],
    ['a', 4],
  ]),
  makeTagged('nonsense', [
    ['a', 4],
    ['b', 3],
  ]),

  rejected,
  rejected,

  // Arrays lexicographically, a prefix first; records by their names in
  // reverse order, then their values in that order.
  [],
  [Promise.resolve(null)],
  [Promise.resolve(null), 'x'],
  [5],
  [5, { bar: 5 }],
  [5, { foo: 4 }],
  [5, { foo: 4 }],
  [5, { foo: 4, bar: null }],
  [5, { foo: 4, bar: undefined }],
  [5, null],
  [5, undefined],
  [exampleAlice, 'a'],
  [exampleCarol, 'm'],
  [exampleBob, 'z'],

  false,
  true,
  true,

  // -0 ties with 0; NaN comes after every other number.
  -Infinity,
  -3,
  -0,
  0,
  2,
  Infinity,
  NaN,

  3n,

  exampleBob,
  exampleAlice,
  exampleCarol,

  // Strings lexicographically, a prefix first.
  'bar',
  'barr',
  'foo',

  null,
  passableSymbolForName(''),
  passableSymbolForName('@@@@foo'),
  Symbol.isConcatSpreadable,
  passableSymbolForName('foo'),

  undefined,
  undefined,
] as Passable[]);
