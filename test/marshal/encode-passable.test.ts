// encodePassable on our side: known keys (from @endo/marshal 1.10's
// formats), round trips, and the property that makes the keys useful:
// comparing two keys as strings ranks their values as compareRank does.
// Remotables, promises and errors are given constant keys ('r', '?', '!'),
// under which key order must equal compareRankRemotablesTied exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { recipeArb, stringArb } from './arbitraries.js';
import { buildValue } from './interop.js';
import type { MarshalApi, MarshalRecipe } from './interop.js';

lockdown();
const marshal = await import('../../src/marshal/index.js');
const harden = (globalThis as any).harden as <T>(x: T) => T;
const api = { ...marshal, harden } as unknown as MarshalApi;
const { makePassableKit, compareRank, compareRankRemotablesTied, compareAntiRank, sortByRank, Far, makeTagged } = marshal;

const aRemotable = Far('decoded', {});
const aPromise = harden(Promise.resolve());
const anError = harden(Error('decoded'));
const constantCaps = {
  encodeRemotable: () => 'r',
  encodePromise: () => '?',
  encodeError: () => '!',
  decodeRemotable: () => aRemotable,
  decodePromise: () => aPromise,
  decodeError: () => anError,
};
const legacy = makePassableKit({ ...constantCaps, format: 'legacyOrdered' });
const compact = makePassableKit({ ...constantCaps, format: 'compactOrdered' });
const plain = makePassableKit();

const sign = (n: number): number => Math.sign(n);
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Values dense in ties and near-ties: few distinct scalars, nested containers.
const scalarArb: fc.Arbitrary<MarshalRecipe> = fc.oneof(
  stringArb,
  fc.constantFrom<MarshalRecipe>('', 'a', 'ab', ' ', '!', '^', '_', '~', '\u0000', '\u0001', '\u001f', '"', '😀', '\uffff'),
  fc.double().map((n): MarshalRecipe =>
    Number.isNaN(n) ? { t: 'number', v: 'NaN' } : Object.is(n, -0) ? { t: 'number', v: '-0' } : Number.isFinite(n) ? n : { t: 'number', v: n > 0 ? 'Infinity' : '-Infinity' },
  ),
  fc.constantFrom<MarshalRecipe>(0, 1, -1, { t: 'number', v: '-0' }, { t: 'number', v: 'NaN' }, null, true, false, { t: 'undefined' }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((v): MarshalRecipe => ({ t: 'bigint', v: String(v) })),
  fc.constantFrom<MarshalRecipe>({ t: 'bigint', v: '-1' }, { t: 'bigint', v: '0' }, { t: 'bigint', v: '9' }, { t: 'bigint', v: '10' }, { t: 'bigint', v: '-10' }),
  fc.constantFrom<MarshalRecipe>(
    { t: 'symbol', kind: 'wellKnown', name: 'iterator' },
    { t: 'symbol', kind: 'registered', name: 'a' },
    { t: 'symbol', kind: 'registered', name: '@@b' },
    { t: 'far', id: 0 },
    { t: 'far', id: 1 },
    { t: 'promise', id: 0 },
    { t: 'error', name: 'TypeError', message: 'x' },
  ),
);
const valueArb: fc.Arbitrary<MarshalRecipe> = fc.letrec<{ value: MarshalRecipe }>(tie => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    scalarArb,
    fc.array(tie('value'), { maxLength: 4 }).map((elements): MarshalRecipe => ({ t: 'array', elements })),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.constantFrom('a', 'b', 'ab', '', '1', '10'), stringArb), tie('value')), { maxLength: 3, selector: ([k]) => k })
      .map((entries): MarshalRecipe => ({ t: 'record', entries })),
    fc.tuple(fc.constantFrom('x', 'y', ''), tie('value')).map(([tag, payload]): MarshalRecipe => ({ t: 'tagged', tag, payload })),
  ),
})).value;
const pairArb = fc.tuple(valueArb, valueArb).map(([a, b]) => buildValue(api, { t: 'array', elements: [a, b] }) as [unknown, unknown]);

test('known keys', () => {
  assert.equal(plain.encodePassable(null), 'v');
  assert.equal(plain.encodePassable(undefined), 'z');
  assert.equal(plain.encodePassable(true), 'btrue');
  assert.equal(plain.encodePassable(0), 'f8000000000000000');
  assert.equal(plain.encodePassable(-0), 'f8000000000000000');
  assert.equal(plain.encodePassable(1), 'fbff0000000000000');
  assert.equal(plain.encodePassable(-1), 'f400fffffffffffff');
  assert.equal(plain.encodePassable(NaN), 'ffff8000000000000');
  assert.equal(plain.encodePassable(0n), 'p1:0');
  assert.equal(plain.encodePassable(10n), 'p2:10');
  assert.equal(plain.encodePassable(-1n), 'n9:9');
  assert.equal(plain.encodePassable(-10n), 'n8:90');
  assert.equal(plain.encodePassable(10n ** 10n), 'p~11:10000000000');
  assert.equal(plain.encodePassable('a b'), 'sa b');
  assert.equal(plain.encodePassable(Symbol.iterator), 'y@@iterator');
  assert.equal(plain.encodePassable(harden(['a', ['\u0000']])), '[sa\u0000[s\u0001\u0001\u0001\u0000\u0001\u0000\u0000');
  assert.equal(plain.encodePassable(harden({ b: 1, a: null })), '([[sb\u0001\u0000sa\u0001\u0000\u0000[fbff0000000000000\u0001\u0000v\u0001\u0000\u0000');
  assert.equal(plain.encodePassable(makeTagged('t', 1n)), ':[st\u0000p1:1\u0000');
  assert.equal(compact.encodePassable('a b!^_\u0000'), '~sa!_b!|_@__!!');
  assert.equal(compact.encodePassable(harden([[], ['x']])), '~^^ ^sx  ');
  assert.equal(compact.encodePassable(harden({ a: 'x' })), '~(^^sa  ^sx  ');
});

test('refusals of the default kit and of bad options', () => {
  assert.throws(() => plain.encodePassable(Far('x', {})), /remotable unexpected/);
  assert.throws(() => plain.encodePassable(harden(Promise.resolve())), /promise unexpected/);
  assert.throws(() => plain.encodePassable(Error('e')), /error unexpected/);
  assert.throws(() => plain.decodePassable('rx'), /remotable unexpected/);
  assert.throws(() => makePassableKit({ format: 'other' as any }), /Unrecognized format: "other"/);
  assert.throws(() => makePassableKit({ encodeRemotable: () => 'x' }).encodePassable(Far('x', {})), /Remotable encoding must start with "r"/);
  const spacey = makePassableKit({ format: 'compactOrdered', encodeRemotable: () => 'r a b' });
  assert.throws(() => spacey.encodePassable(Far('x', {})), /invalid database key/);
  const twoElements = makePassableKit({ format: 'compactOrdered', encodeRemotable: () => 'r v' });
  assert.throws(() => twoElements.encodePassable(Far('x', {})), /Remotable encoding must be embeddable/);
  const controlled = makePassableKit({ format: 'compactOrdered', encodeRemotable: () => 'r\u0001' });
  assert.throws(() => controlled.encodePassable(Far('x', {})), /must not contain a C0 control character/);
  assert.throws(() => plain.decodePassable('x'), /invalid database key/);
  assert.throws(() => plain.decodePassable('s\ud800'), /well-formed/);
});

test('keys decode to values of the same rank, in both formats', () => {
  fc.assert(
    fc.property(pairArb, ([value]) => {
      for (const kit of [legacy, compact]) {
        const decoded = kit.decodePassable(kit.encodePassable(value));
        assert.equal(compareRankRemotablesTied(decoded, value), 0);
        assert.equal(kit.encodePassable(decoded), kit.encodePassable(value));
      }
    }),
    { numRuns: 500, seed: 11 },
  );
});

test('key order is rank order (both formats)', () => {
  fc.assert(
    fc.property(pairArb, ([a, b]) => {
      for (const kit of [legacy, compact]) {
        const byKeys = compareStrings(kit.encodePassable(a), kit.encodePassable(b));
        assert.equal(byKeys, compareRankRemotablesTied(a, b), 'compareRankRemotablesTied');
        const byRank = compareRank(a, b);
        if (byRank !== 0) assert.equal(byKeys, byRank, 'compareRank');
        assert.equal(sign(compareAntiRank(a, b)), -byRank || 0);
      }
    }),
    { numRuns: 2000, seed: 12 },
  );
});

test('key order is rank order on generic values too', () => {
  fc.assert(
    fc.property(fc.tuple(recipeArb, recipeArb), ([ra, rb]) => {
      const [a, b] = buildValue(api, { t: 'array', elements: [ra, rb] }) as [unknown, unknown];
      const byKeys = compareStrings(legacy.encodePassable(a), legacy.encodePassable(b));
      assert.equal(byKeys, compareRankRemotablesTied(a, b));
    }),
    { numRuns: 500, seed: 13 },
  );
});

test('sortByRank sorts keys into string order', () => {
  fc.assert(
    fc.property(fc.array(valueArb, { maxLength: 10 }), recipes => {
      const values = buildValue(api, { t: 'array', elements: recipes }) as unknown[];
      const sorted = sortByRank(values, compareRankRemotablesTied);
      const keys = sorted.map(v => compact.encodePassable(v));
      assert.deepEqual(keys, [...keys].sort());
    }),
    { numRuns: 300, seed: 14 },
  );
});
