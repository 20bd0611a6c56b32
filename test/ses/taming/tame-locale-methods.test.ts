// tameLocaleMethods(intrinsics, 'safe') in isolation, on the host's real
// prototypes: locale methods answer as their locale-free counterparts, and
// localeCompare compares UTF-16 code units.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameLocaleMethods } from '../../../src/ses/tame-locale-methods.js';
import { runInOriginalSes } from './original-ses.js';

const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype);
const intrinsics: Record<string, unknown> = {
  '%ObjectPrototype%': Object.prototype,
  '%ArrayPrototype%': Array.prototype,
  '%DatePrototype%': Date.prototype,
  '%StringPrototype%': String.prototype,
  '%NumberPrototype%': Number.prototype,
  '%BigIntPrototype%': BigInt.prototype,
  '%TypedArrayPrototype%': typedArrayPrototype,
  Date,
  Math,
  '%ANumber%': 42, // primitives among the intrinsics are skipped
};

// Native answers taken before taming, to show the taming changed something.
const nativeGerman = (1234.5).toLocaleString('de-DE');
const nativeTurkishUpper = 'i'.toLocaleUpperCase('tr');
tameLocaleMethods(intrinsics, 'safe');

const samples = (): unknown[] => {
  const d = new Date(86_400_000 * 400 + 3_600_000 * 5);
  return [
    d.toLocaleString('en-US') === d.toString(),
    d.toLocaleDateString('en-US') === d.toDateString(),
    d.toLocaleTimeString('en-US') === d.toTimeString(),
    (1234.5).toLocaleString('de-DE'),
    (1234.5).toLocaleString(),
    (255).toLocaleString(16 as any),
    (37).toLocaleString('en'),
    (10n).toLocaleString(),
    ({ toString: () => 'mine' }).toLocaleString(),
    [1234.5, 'x', 2n].toLocaleString(),
    new Int32Array([12345, 2]).toLocaleString(),
    'i'.toLocaleUpperCase('tr'),
    'I'.toLocaleLowerCase('tr'),
    'a'.localeCompare('b'),
    'b'.localeCompare('a'),
    'a'.localeCompare('a'),
    'a'.localeCompare('B'),
    'ä'.localeCompare('z'),
    'a'.localeCompare('a\\u0000'),
    ['b', 'a', 'C', 'ä'].sort((x, y) => x.localeCompare(y)),
  ];
};

test('Date locale methods answer as toString, toDateString, toTimeString', () => {
  const d = new Date(0);
  assert.equal(d.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }), d.toString());
  assert.equal(d.toLocaleDateString(), d.toDateString());
  assert.equal(d.toLocaleTimeString(), d.toTimeString());
  assert.equal(Date.prototype.toLocaleString, Date.prototype.toString);
});

test('Number toLocaleString prints the plain decimal, ignoring a locale; BigInt\'s is its toString, as in ses', () => {
  assert.notEqual(nativeGerman, '1234.5');
  assert.equal((1234.5).toLocaleString('de-DE'), '1234.5');
  assert.equal((37).toLocaleString('en'), '37');
  // A locale argument is not taken for a radix.
  assert.equal((255).toLocaleString(16 as any), '255');
  assert.equal(BigInt.prototype.toLocaleString, BigInt.prototype.toString);
  assert.equal((10n).toLocaleString(), '10');
  assert.equal(Number.prototype.toLocaleString.name, 'toLocaleString');
  assert.equal(Object.hasOwn(Number.prototype.toLocaleString, 'prototype'), false);
  // The brand check of the original toString remains.
  assert.throws(() => Number.prototype.toLocaleString.call('x'), TypeError);
  assert.throws(() => BigInt.prototype.toLocaleString.call(1), TypeError);
  assert.equal(Number.prototype.toLocaleString.call(new Number(7)), '7');
});

test('Array and typed array toLocaleString answer as toString', () => {
  assert.equal([1234.5, new Date(0), null].toLocaleString(), [1234.5, new Date(0), null].toString());
  assert.equal(new Float64Array([1234.5, 2]).toLocaleString(), '1234.5,2');
  assert.equal(Array.prototype.toLocaleString, Array.prototype.toString);
});

test('toLocaleUpperCase and toLocaleLowerCase ignore the locale', () => {
  assert.notEqual(nativeTurkishUpper, 'I');
  assert.equal('i'.toLocaleUpperCase('tr'), 'I');
  assert.equal('I'.toLocaleLowerCase('tr'), 'i');
  assert.equal(String.prototype.toLocaleUpperCase, String.prototype.toUpperCase);
});

test('localeCompare compares UTF-16 code units and answers -1, 0 or 1', () => {
  assert.equal('a'.localeCompare('b'), -1);
  assert.equal('b'.localeCompare('a'), 1);
  assert.equal('a'.localeCompare('a'), 0);
  assert.equal('a'.localeCompare('B'), 1);
  assert.equal('ä'.localeCompare('z'), 1);
  assert.equal('\u{1F600}'.localeCompare('\uFFFF'), -1); // surrogates sort below U+FFFF
  assert.equal('ab'.localeCompare('abc'), -1);
  assert.deepEqual(['b', 'a', 'C', 'ä'].sort((x, y) => x.localeCompare(y)), ['C', 'a', 'b', 'ä']);
  assert.equal(String.prototype.localeCompare.call(5, '5'), 0);
  assert.equal('undefined'.localeCompare(undefined as any), 0);
  assert.throws(() => String.prototype.localeCompare.call(null, 'a'), {
    name: 'TypeError',
    message: 'Cannot localeCompare with null or undefined "this" value',
  });
  assert.equal(String.prototype.localeCompare.name, 'localeCompare');
});

test('each locale method is its counterpart itself, as in ses', () => {
  const pairs: [object, string, string][] = [
    [Object.prototype, 'toLocaleString', 'toString'],
    [BigInt.prototype, 'toLocaleString', 'toString'],
    [Date.prototype, 'toLocaleString', 'toString'],
    [Date.prototype, 'toLocaleDateString', 'toDateString'],
    [Date.prototype, 'toLocaleTimeString', 'toTimeString'],
    [String.prototype, 'toLocaleUpperCase', 'toUpperCase'],
    [String.prototype, 'toLocaleLowerCase', 'toLowerCase'],
    [Array.prototype, 'toLocaleString', 'toString'],
    [typedArrayPrototype, 'toLocaleString', 'toString'],
  ];
  for (const [holder, localeName, plainName] of pairs) {
    assert.equal((holder as any)[localeName], (holder as any)[plainName], localeName);
  }
  // So an object's own toString is not consulted, as in ses.
  assert.equal({ toString: () => 'mine' }.toLocaleString(), '[object Object]');
});

test('the same answers as the original ses in a compartment', () => {
  const original = runInOriginalSes(`return c.evaluate(${JSON.stringify(`(${samples.toString()})()`)});`);
  assert.deepEqual(samples(), original);
});

test("'unsafe' leaves the locale methods alone", () => {
  // Already tamed in this process: 'unsafe' must not undo or redo anything.
  const before = String.prototype.localeCompare;
  tameLocaleMethods({ '%StringPrototype%': String.prototype }, 'unsafe');
  assert.equal(String.prototype.localeCompare, before);
});
