// fast-check arbitraries for marshal tests: recipes (interop.ts) of
// passables of every style, with the awkward cases weighted in (strings
// starting with smallcaps prefix characters, integer-like and
// Object.prototype record names, `@qclass` and `#tag` names, NaN, -0,
// repeated remotables), and malformed bodies for the decoder fuzz.

import fc from 'fast-check';
import type { MarshalRecipe } from './interop.js';

const awkwardStrings = fc.constantFrom(
  '', '!', '!!x', '#', '#undefined', '#tag', '$0', '$0.Alleged: foo', '%foo', '&0', '+1', '-1', "'", '(', '*', ',',
  '@qclass', '@@iterator', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '0', '1', '9', '10', '4294967294',
  '4294967295', '01', '-0', 'a"b', 'back\\slash', 'tab\tnew\nline', '\u0000\u001f', 'é', '😀', '\u2028',
);

export const stringArb: fc.Arbitrary<string> = fc.oneof(
  awkwardStrings,
  fc.string(),
  fc.string({ unit: 'binary-ascii' }),
  fc.tuple(fc.constantFrom('!', '#', '$', '%', '&', '+', '-'), fc.string()).map(([a, b]) => a + b),
);

const numberArb: fc.Arbitrary<MarshalRecipe> = fc.oneof(
  fc.double().map((n): MarshalRecipe => {
    if (Number.isNaN(n)) return { t: 'number', v: 'NaN' };
    if (n === Infinity) return { t: 'number', v: 'Infinity' };
    if (n === -Infinity) return { t: 'number', v: '-Infinity' };
    if (Object.is(n, -0)) return { t: 'number', v: '-0' };
    return n;
  }),
  fc.integer(),
  fc.constantFrom<MarshalRecipe>({ t: 'number', v: 'NaN' }, { t: 'number', v: '-0' }, { t: 'number', v: '-Infinity' }),
);

const symbolArb: fc.Arbitrary<MarshalRecipe> = fc.oneof(
  fc.constantFrom('iterator', 'asyncIterator', 'hasInstance', 'toPrimitive', 'toStringTag', 'unscopables').map(
    (name): MarshalRecipe => ({ t: 'symbol', kind: 'wellKnown', name }),
  ),
  fc.oneof(stringArb, fc.constantFrom('@@foo', '@@@@bar')).map((name): MarshalRecipe => ({ t: 'symbol', kind: 'registered', name })),
);

const leafArb: fc.Arbitrary<MarshalRecipe> = fc.oneof(
  stringArb,
  numberArb,
  fc.boolean(),
  fc.constant(null),
  fc.constant<MarshalRecipe>({ t: 'undefined' }),
  fc.bigInt().map((v): MarshalRecipe => ({ t: 'bigint', v: String(v) })),
  symbolArb,
  fc.integer({ min: 0, max: 2 }).map((id): MarshalRecipe => ({ t: 'far', id })),
  fc.integer({ min: 0, max: 1 }).map((id): MarshalRecipe => ({ t: 'promise', id })),
  fc
    .record({
      name: fc.constantFrom('Error', 'TypeError', 'RangeError', 'URIError', 'EvalError', 'SyntaxError', 'ReferenceError'),
      message: stringArb,
    })
    .map(({ name, message }): MarshalRecipe => ({ t: 'error', name, message })),
);

export const recipeArb: fc.Arbitrary<MarshalRecipe> = fc.letrec<{ value: MarshalRecipe }>(tie => ({
  value: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    leafArb,
    fc.array(tie('value'), { maxLength: 5 }).map((elements): MarshalRecipe => ({ t: 'array', elements })),
    fc
      .uniqueArray(fc.tuple(stringArb, tie('value')), { maxLength: 5, selector: ([key]) => key })
      .map((entries): MarshalRecipe => ({ t: 'record', entries })),
    fc.tuple(stringArb, tie('value')).map(([tag, payload]): MarshalRecipe => ({ t: 'tagged', tag, payload })),
  ),
})).value;
