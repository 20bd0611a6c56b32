// Behaviours of endo/marshal that @endo/marshal's own test suite checks,
// compared with the original in a child process: the rank-search helpers
// (getIndexCover, FullRankCover) and makeComparatorKit, parse's complaint
// about a slot, the complaint about a custom encoding's prefix, and the
// legacyOrdered encoding of deeply nested arrays.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToolsProbe } from '../pass-style/run-tools-probe.js';

const probe = `async load => {
  await load('init');
  const marshal = await load('marshal');
  const { makeComparatorKit, FullRankCover, getIndexCover } = await load('rank-internals');
  const { getPassStyleCover, compareRank, sortByRank, parse, makeEncodePassable, makeTagged } = marshal;
  const outcome = thunk => {
    try {
      return thunk();
    } catch (error) {
      return error.message; // ours throws TypeErrors where the original throws Errors
    }
  };
  const sample = sortByRank(harden(['b', 1, 'a', [], 'c', null, { x: 1 }, 2n, makeTagged('t', 1), 'd', undefined, -0, NaN]), compareRank);
  const covers = [FullRankCover, ['b', 'd'], ['', '{'], ['e', 'f'], ...['string', 'number', 'copyRecord', 'copyArray', 'remotable', 'undefined'].map(getPassStyleCover)];
  const reverse = makeComparatorKit((a, b) => (a === b ? 0 : NaN));
  let deep = harden([]);
  for (let i = 0; i < 5; i += 1) deep = harden([deep, 'x\\u0000\\u0001', [deep]]);
  const legacy = makeEncodePassable();
  const custom = makeEncodePassable({ encodePromise: () => 'x', encodeRemotable: () => '?', encodeError: () => 'r' });
  return {
    fullRankCover: [FullRankCover, Object.isFrozen(FullRankCover)],
    indexCovers: covers.map(cover => getIndexCover(sample, cover)),
    unsorted: outcome(() => getIndexCover(harden(['b', 'a']), ['a', 'b'])),
    kit: [reverse.comparator('a', 'b'), reverse.antiComparator('a', 'b'), reverse.comparator(harden([1]), harden([1, 2]))],
    parseSlot: outcome(() => parse('{"@qclass":"slot","index":0}')),
    parseOther: [outcome(() => parse('{"@qclass":8}')), outcome(() => parse('[1,"a"]'))],
    prefixes: [
      outcome(() => custom(harden(Promise.resolve()))),
      outcome(() => custom(marshal.Far('x', {}))),
      outcome(() => custom(harden(Error('e')))),
    ],
    deep: (encoded => [encoded.length, ...[0, 0.25, 0.5, 0.75, 1].map(at => encoded.slice(Math.floor(at * encoded.length) - 80, Math.floor(at * encoded.length) + 80))])(legacy(deep)),
  };
}`;

test("the rank-search helpers, parse's and the encoders' complaints, and nested legacy encodings match the original", () => {
  const theirs = runToolsProbe('original', probe);
  const ours = runToolsProbe('ours', probe);
  assert.deepEqual(ours, theirs);
  assert.equal(ours.parseSlot, "Marshal's parse must not encode any slot positions (a string)");
  assert.match(ours.prefixes[0], /^Promise encoding must start with "\?"/);
  assert.ok(ours.deep[0] > 5_000);
});
