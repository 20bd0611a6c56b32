// Property tests with fast-check. (1) Any JSON-ish value, with bigints,
// symbols, tagged records, errors, far objects and promises mixed in,
// hardened, is passable, and passStyleOf gives the style the value's
// construction implies. (2) A seeded sample of such values, some with a
// mutable part, an unregistered symbol or a bare function slipped in, is
// classified by the original @endo/pass-style in a child process: ours
// agrees on every style and every error message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { runUnderOriginalPassStyle } from './run-original-pass-style.js';
import { build, classifyRecipes } from './recipes.js';
import type { Recipe } from './recipes.js';

lockdown();
const passStyle = await import('../../src/pass-style/index.js');
const api = { ...passStyle, harden: (globalThis as any).harden };

const keyArbitrary = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'then', 'constructor', '0', '10', 'payload'));
const textArbitrary = fc.string({ maxLength: 8, unit: 'grapheme' });

const leafArbitrary = (allowInvalid: boolean): fc.Arbitrary<Recipe> => {
  const valid: fc.Arbitrary<Recipe>[] = [
    textArbitrary,
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter(n => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.constant({ t: 'undefined' as const }),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0').map(v => ({ t: 'number' as const, v: v as 'NaN' })),
    fc.bigInt().map(v => ({ t: 'bigint' as const, v: `${v}` })),
    textArbitrary.map(name => ({ t: 'symbol' as const, kind: 'registered' as const, name })),
    fc.constantFrom('iterator', 'asyncIterator', 'toStringTag').map(name => ({ t: 'symbol' as const, kind: 'wellKnown' as const, name })),
    fc
      .record({ name: fc.constantFrom('Error', 'TypeError', 'RangeError', 'URIError'), message: textArbitrary })
      .map(({ name, message }) => ({ t: 'error' as const, name, message })),
    fc
      .record({ name: textArbitrary, methods: fc.uniqueArray(fc.constantFrom('a', 'b', 'run', 'get'), { maxLength: 3 }) })
      .map(({ name, methods }) => ({ t: 'far' as const, name, methods })),
    fc.constant({ t: 'promise' as const }),
  ];
  const invalid: fc.Arbitrary<Recipe>[] = [
    textArbitrary.map(name => ({ t: 'symbol' as const, kind: 'local' as const, name })),
    fc.constant({ t: 'function' as const }),
  ];
  return fc.oneof(...valid, ...(allowInvalid ? invalid : []));
};

const recipeArbitrary = (allowInvalid: boolean): fc.Arbitrary<Recipe> =>
  fc.letrec<{ value: Recipe }>(tie => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArbitrary(allowInvalid),
      fc
        .record({
          entries: fc.uniqueArray(fc.tuple(keyArbitrary, tie('value')), { maxLength: 4, selector: ([key]) => key }),
          mutable: allowInvalid ? fc.boolean() : fc.constant(false),
        })
        .map(({ entries, mutable }) => ({ t: 'record' as const, entries, ...(mutable ? { mutable } : {}) })),
      fc
        .record({ elements: fc.array(tie('value'), { maxLength: 4 }), mutable: allowInvalid ? fc.boolean() : fc.constant(false) })
        .map(({ elements, mutable }) => ({ t: 'array' as const, elements, ...(mutable ? { mutable } : {}) })),
      fc.record({ tag: textArbitrary, payload: tie('value') }).map(({ tag, payload }) => ({ t: 'tagged' as const, tag, payload })),
    ),
  })).value;

/** The style the construction of a (valid) recipe implies. */
const expectedStyle = (recipe: Recipe): string => {
  if (recipe === null) return 'null';
  if (typeof recipe !== 'object') return typeof recipe;
  switch (recipe.t) {
    case 'record':
      return 'copyRecord';
    case 'array':
      return 'copyArray';
    case 'far':
      return 'remotable';
    default:
      return recipe.t;
  }
};

test('hardened JSON-ish values are passable, with the style their construction implies', () => {
  fc.assert(
    fc.property(recipeArbitrary(false), recipe => {
      const value = build(api, recipe);
      assert.equal(passStyle.passStyleOf(value), expectedStyle(recipe));
      assert.equal(passStyle.isPassable(value), true);
      // Asking again gives the same answer (from the memory this time).
      assert.equal(passStyle.passStyleOf(value), expectedStyle(recipe));
    }),
    { numRuns: 300, seed: 42 },
  );
});

test('on a seeded sample, ours agrees with the original on every style and message', () => {
  const sample = fc.sample(recipeArbitrary(true), { numRuns: 250, seed: 7 });
  const theirs = runUnderOriginalPassStyle(new URL('./recipes.js', import.meta.url).href, 'classifyRecipes', sample) as unknown[];
  const ours = classifyRecipes(api, sample).map(outcome => ('message' in outcome ? { message: outcome.message } : outcome));
  const theirsComparable = (theirs as any[]).map(outcome => ('message' in outcome ? { message: outcome.message } : outcome));
  assert.equal(ours.length, sample.length);
  let rejections = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if ('message' in ours[index]!) rejections += 1;
    assert.deepEqual(ours[index], theirsComparable[index], `recipe ${JSON.stringify(sample[index])}`);
  }
  // The sample exercises rejections too.
  assert.ok(rejections > 10, `only ${rejections} rejections in the sample`);
});
