// Differential tests of encodePassable, rank order and Justin against
// @endo/marshal 1.10.0 (run once, in one child process, under @endo/init):
// generated values must get byte-identical keys in both formats and decode
// back alike; mutated and made-up keys must decode to the same values or be
// refused by both; pairs must compare alike under every comparator; lists
// must sort alike; capdata bodies and passables must print the same Justin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { recipeArb, stringArb } from './arbitraries.js';
import type { MarshalRecipe } from './interop.js';
import { runOrderChecks } from './order-interop.js';
import type { OrderApi, OrderInput } from './order-interop.js';
import { runUnderOriginalMarshal } from './run-original-marshal.js';

const SEED = 20251126;
const COUNT = 300;

lockdown();
const marshal = await import('../../src/marshal/index.js');
const api = { ...marshal, harden: (globalThis as any).harden } as unknown as OrderApi;

// Recipes that are mostly comparable data, to reach deep into comparisons
// (the generic arbitrary is rich in remotables, promises and errors).
const dataLeafArb: fc.Arbitrary<MarshalRecipe> = fc.oneof(
  fc.constantFrom<MarshalRecipe>('', 'a', 'b', 'ab', '!', ' ', '^', '_', '\u0000', '\u0001', '~', '\uffff', '😀', 0, 1, -1, 0.5, null, true, false),
  fc.constantFrom<MarshalRecipe>({ t: 'undefined' }, { t: 'number', v: 'NaN' }, { t: 'number', v: '-0' }, { t: 'bigint', v: '0' }, { t: 'bigint', v: '-10' }, { t: 'bigint', v: '99' }),
  fc.constantFrom<MarshalRecipe>({ t: 'far', id: 0 }, { t: 'far', id: 1 }),
);
const dataArb: fc.Arbitrary<MarshalRecipe> = fc.letrec<{ value: MarshalRecipe }>(tie => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    dataLeafArb,
    fc.array(tie('value'), { maxLength: 3 }).map((elements): MarshalRecipe => ({ t: 'array', elements })),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', '1', '10'), tie('value')), { maxLength: 3, selector: ([k]) => k })
      .map((entries): MarshalRecipe => ({ t: 'record', entries })),
    fc.tuple(fc.constantFrom('x', 'y'), tie('value')).map(([tag, payload]): MarshalRecipe => ({ t: 'tagged', tag, payload })),
  ),
})).value;

const recipes = [...fc.sample(recipeArb, { seed: SEED, numRuns: COUNT }), ...fc.sample(dataArb, { seed: SEED + 1, numRuns: COUNT })];
const pairArb = fc.oneof(fc.tuple(recipeArb, recipeArb), fc.tuple(dataArb, dataArb));
const pairs = fc.sample(pairArb, { seed: SEED + 2, numRuns: 2 * COUNT }).map(([a, b]): MarshalRecipe => ({ t: 'array', elements: [a, b] }));
const lists = fc
  .sample(fc.oneof(fc.array(dataArb, { maxLength: 12 }), fc.array(recipeArb, { maxLength: 8 })), { seed: SEED + 3, numRuns: 150 })
  .map((elements): MarshalRecipe => ({ t: 'array', elements }));

// Made-up keys: our own keys mutated, and short strings over the key alphabet.
const ownKeys = runOrderChecks(api, { recipes, pairs: [], lists: [], keys: [], strings: [] }).encodings.flatMap(e =>
  [e.legacy, e.compact].flatMap(r => ('ok' in r ? [r.ok as string] : [])),
);
const keyAlphabet = fc.constantFrom(...'vzbfnps~!_|^ [(:?ry#0129af@\u0000\u0001'.split(''), 'true', 'false', 'f8000000000000000', 'p1:', 'n9:');
const keyArb = fc.oneof(
  fc.array(keyAlphabet, { maxLength: 8 }).map(parts => parts.join('')),
  fc.tuple(fc.constantFrom(...ownKeys), fc.nat(), fc.nat(3), fc.array(keyAlphabet, { maxLength: 2 })).map(
    ([key, at, cut, insert]) => {
      const i = at % (key.length + 1);
      return key.slice(0, i) + insert.join('') + key.slice(i + cut);
    },
  ),
);
const keys = [...ownKeys, ...fc.sample(keyArb, { seed: SEED + 4, numRuns: 1000 })];
const strings = fc.sample(fc.tuple(stringArb, stringArb), { seed: SEED + 5, numRuns: 200 }).concat([
  ['\uffff', '😀'],
  ['😀', '\uffff'],
  ['a', 'ab'],
  ['', ''],
]);

// Strings with lone surrogates: ours refuses them (endo/pass-style's rule);
// the original does too inside records and tagged values with this option,
// but still decodes them as plain strings.
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'enabled';
const holdsLoneSurrogate = (x: unknown): boolean =>
  typeof x === 'string' ? !(x as any).isWellFormed() : typeof x === 'object' && x !== null && Object.values(x).some(holdsLoneSurrogate);
const messageOf = (outcome: { threw: string }) => outcome.threw.replace(/^\w+: /, '');

const Q = '@qclass';
const trees: unknown[] = [
  { [Q]: 'hilbert', original: 1, rest: { a: { [Q]: 'undefined' }, __proto__x: 2 } },
  { [Q]: 'hilbert', original: { [Q]: 'hilbert', original: [] } },
  { [Q]: 'hilbert' },
  { [Q]: 'hilbert', original: 1, rest: null },
  { [Q]: 'hilbert', original: 1, rest: [] },
  { [Q]: 'hilbert', original: 1, rest: { [Q]: 1 } },
  { [Q]: 'hilbert', original: 1, rest: 'x' },
  { [Q]: 'nope' },
  { [Q]: 7 },
  { [Q]: 'slot', index: -1 },
  { [Q]: 'slot', index: 1.5 },
  { [Q]: 'slot', index: '0' },
  { [Q]: 'slot', index: 1, iface: 3 },
  { [Q]: 'slot', index: 1, iface: 'Alleged: x' },
  { [Q]: 'slot', index: 9 },
  { [Q]: 'bigint', digits: 5 },
  { [Q]: 'bigint', digits: '-12' },
  { [Q]: 'bigint', digits: 'zz' },
  { [Q]: 'symbol', name: '@@nope' },
  { [Q]: 'symbol', name: '@@asyncIterator' },
  { [Q]: 'symbol', name: '@@@@x' },
  { [Q]: 'symbol', name: 3 },
  { [Q]: '@@asyncIterator' },
  { [Q]: 'error', name: 'Nope', message: 'x' },
  { [Q]: 'error', name: 'TypeError', message: 3 },
  { [Q]: 'error', name: 3, message: 'x' },
  { [Q]: 'error', name: 'AggregateError', message: 'x' },
  { [Q]: 'error', name: 'Error', message: 'x', cause: 1 },
  { [Q]: 'error', name: 'Error', message: 'x', errors: [] },
  { [Q]: 'error', name: 'RangeError', message: 'a"b', errorId: 'error:x#1' },
  { [Q]: 'tagged', tag: 5, payload: 1 },
  { [Q]: 'tagged', tag: 'a', payload: { [Q]: 'tagged', tag: 'b', payload: [[], {}, [1, [2]]] } },
  { __proto__x: 1, 'a b': [1, 'x', { c: true }], a1: -0, '': null },
  JSON.parse('{"__proto__": 1, "x<": "<!", "y": "->"}'),
  ['a', 'b', ['c', [{ x: 1 }]], 1, -1, 0.5],
  [[], {}, [[]], [{}]],
  'str',
  12,
  null,
  true,
];

const input: OrderInput = { recipes, pairs, lists, keys, strings, trees };
const ours = runOrderChecks(api, input);
const original = runUnderOriginalMarshal(new URL('./order-interop.js', import.meta.url).href, 'runOrderChecks', input) as typeof ours;
const json = (x: unknown) => JSON.stringify(x);

test(`encodePassable keys are byte-identical in both formats (${recipes.length} values)`, () => {
  let encoded = 0;
  for (let i = 0; i < recipes.length; i += 1) {
    assert.deepEqual(ours.encodings[i], original.encodings[i], `recipe ${i}: ${json(recipes[i])}`);
    if ('ok' in ours.encodings[i]!.legacy) encoded += 1;
  }
  assert.ok(encoded > recipes.length * 0.9, `only ${encoded} encoded`);
});

test('decodePassable gives back the same values as the original', () => {
  for (let i = 0; i < recipes.length; i += 1) {
    assert.deepEqual(ours.decoded[i], original.decoded[i], `recipe ${i}: ${json(recipes[i])}`);
  }
});

test(`made-up and mutated keys decode alike or are refused alike (${keys.length} keys)`, () => {
  for (let i = 0; i < keys.length; i += 1) {
    const mine = ours.keys[i]!;
    const theirs = original.keys[i]!;
    const label = `key ${json(keys[i])}: ours ${json(mine)}, original ${json(theirs)}`;
    if ('ok' in theirs && holdsLoneSurrogate(theirs.ok)) {
      assert.ok('threw' in mine, label);
      continue;
    }
    assert.equal('ok' in mine, 'ok' in theirs, label);
    if ('ok' in mine) assert.deepEqual(mine, theirs, label);
  }
});

test('refusal messages of made-up keys match the original (error classes may differ)', () => {
  const differ: unknown[] = [];
  keys.forEach((key, i) => {
    const mine = ours.keys[i]!;
    const theirs = original.keys[i]!;
    if ('threw' in mine && 'threw' in theirs && messageOf(mine) !== messageOf(theirs)) differ.push([key, mine, theirs]);
  });
  assert.deepEqual(differ.slice(0, 5), []);
});

test(`every comparator ranks ${pairs.length} pairs as the original does`, () => {
  for (let i = 0; i < pairs.length; i += 1) {
    assert.deepEqual(ours.comparisons[i], original.comparisons[i], `pair ${i}: ${json(pairs[i])}`);
  }
});

test(`sortByRank and isRankSorted agree on ${lists.length} lists`, () => {
  for (let i = 0; i < lists.length; i += 1) {
    assert.deepEqual(ours.sorts[i], original.sorts[i], `list ${i}: ${json(lists[i])}`);
  }
});

test('decodeToJustin, passableAsJustin and qp print the same text', () => {
  for (let i = 0; i < recipes.length; i += 1) {
    assert.deepEqual(ours.justin[i], original.justin[i], `recipe ${i}: ${json(recipes[i])}`);
  }
});

test(`decodeToJustin prints or refuses ${trees.length} hand-written encodings alike`, () => {
  for (let i = 0; i < trees.length; i += 1) {
    const [mine, theirs] = [ours.trees[i]!, original.trees[i]!];
    const label = `tree ${json(trees[i])}: ours ${json(mine)}, original ${json(theirs)}`;
    for (let j = 0; j < 2; j += 1) {
      assert.equal('ok' in mine[j]!, 'ok' in theirs[j]!, label);
      if ('ok' in mine[j]!) assert.deepEqual(mine[j], theirs[j], label);
      else assert.equal(messageOf(mine[j] as any), messageOf(theirs[j] as any), label);
    }
  }
});

test('covers, zeroPad, recordNames, compareNumerics, compareByCodePoints and option errors agree', () => {
  assert.deepEqual(ours.misc, original.misc);
});
