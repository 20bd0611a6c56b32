// Rank order and Justin on our side: the behaviours a user relies on, by
// example (the differential test order-interop.test.ts checks the same
// functions against @endo/marshal 1.10 on generated values).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const m = await import('../../src/marshal/index.js');
const harden = (globalThis as any).harden as <T>(x: T) => T;
const r1 = m.Far('r1', {});
const r2 = m.Far('r2', {});

test('styles rank in key-prefix order, undefined last', () => {
  const values = harden([undefined, 'a', 1n, 1, true, null, [], {}, m.makeTagged('t', 0), Symbol.for('s'), r1, Error('e')]);
  const sorted = m.sortByRank(values, m.compareRank);
  assert.deepEqual(sorted.map(v => m.passStyleOf(v)), [
    'error', 'copyRecord', 'tagged', 'copyArray', 'boolean', 'number', 'bigint', 'remotable', 'string', 'null', 'symbol', 'undefined',
  ]);
  const reversed = m.sortByRank(values, m.compareAntiRank);
  assert.equal(reversed[0], undefined);
  assert.equal(m.passStyleOf(reversed[reversed.length - 1]), 'error');
});

test('numbers: -0 ties 0, NaN ties NaN and comes last', () => {
  assert.equal(m.compareRank(-0, 0), 0);
  assert.equal(m.compareRank(NaN, NaN), 0);
  assert.equal(m.compareRank(NaN, Infinity), 1);
  assert.equal(m.compareNumerics(-Infinity, NaN), -1);
  assert.equal(m.compareNumerics(2n, 1n), 1);
});

test('remotables: compareRank stops at them, RemotablesTied goes on, a full order numbers them', () => {
  const a = harden([r1, 1]);
  const b = harden([r2, 0]);
  assert.equal(m.compareRank(a, b), 0);
  assert.equal(m.compareRankRemotablesTied(a, b), 1);
  const kit = m.makeFullOrderComparatorKit();
  assert.equal(kit.comparator(r2, r1), -1);
  assert.equal(kit.comparator(r1, r2), 1);
  assert.equal(kit.antiComparator(r1, r2), -1);
});

test('records rank by reverse-sorted names first, then values', () => {
  assert.equal(m.compareRank(harden({ a: 9 }), harden({ b: 0 })), -1);
  assert.equal(m.compareRank(harden({ b: 0 }), harden({ a: 0, b: 0 })), -1);
  assert.equal(m.compareRank(harden({ c: 0 }), harden({ a: 0, b: 0 })), 1);
  assert.deepEqual(m.recordNames(harden({ a: 1, c: 2, b: 3 })), ['c', 'b', 'a']);
});

test('strings rank by UTF-16 code units; compareByCodePoints by code points', () => {
  assert.equal(m.compareRank('\uffff', '😀'), 1);
  assert.equal(m.compareByCodePoints('\uffff', '😀'), -1);
});

test('isRankSorted, assertRankSorted, and covers', () => {
  assert.equal(m.isRankSorted(harden([1, 2, 2, 3])), true);
  assert.equal(m.isRankSorted(harden([2, 1])), false);
  assert.throws(() => m.isRankSorted(harden([1]), () => 0));
  assert.throws(() => m.assertRankSorted(harden([2, 1])), /Must be rank sorted/);
  assert.deepEqual(m.getPassStyleCover('copyArray'), ['[', '_']);
  assert.deepEqual(m.getPassStyleCover('bigint'), ['n', 'q']);
  assert.deepEqual(m.unionRankCovers([m.getPassStyleCover('number'), m.getPassStyleCover('string')]), ['f', 't']);
  assert.deepEqual(m.intersectRankCovers([['a', 'm'], ['c', 'z']]), ['c', 'm']);
  assert.deepEqual(m.unionRankCovers([]), ['{', '']);
});

test('Justin text', () => {
  assert.equal(m.passableAsJustin(harden({ a: [1n, undefined, r1], 'b c': m.makeTagged('t', NaN) }), false), '{a:[1n,undefined,slotToVal("s0","Alleged: r1")],"b c":makeTagged("t",NaN)}');
  assert.equal(m.qp(harden([Symbol.iterator])), '`[\n  passableSymbolForName("@@iterator"),\n]`');
  assert.equal(m.decodeToJustin({ '@qclass': 'slot', index: 2, iface: 'x' } as any), 'slot(2,"x")');
  assert.equal(m.decodeToJustin(JSON.parse('{"__proto__":1,"x":-0}')), '{["__proto__"]:1,x:0}');
  assert.throws(() => m.decodeToJustin({ '@qclass': 'nope' } as any), /unrecognized "@qclass" "nope"/);
});
