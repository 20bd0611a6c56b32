// Fuzzing the decoders: random strings and mutated valid bodies (both
// formats) must decode or fail with a TypeError, SyntaxError or
// RangeError, quickly, never anything else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { recipeArb, stringArb } from './arbitraries.js';
import { buildValue } from './interop.js';
import type { MarshalApi } from './interop.js';

lockdown();
const marshal = await import('../../src/marshal/index.js');
const api = { ...marshal, harden: (globalThis as any).harden } as unknown as MarshalApi;

const slots = ['o0', 'o1', 'p2'];
const decoder = marshal.makeMarshal(undefined, (slot: string) =>
  slot.startsWith('p') ? api.harden(Promise.resolve()) : marshal.Far(slot, {}),
);

const CLEAR = new Set(['TypeError', 'SyntaxError', 'RangeError']);

const decodesOrFailsClearly = (body: string): void => {
  const start = performance.now();
  try {
    decoder.fromCapData({ body, slots });
  } catch (error) {
    assert.ok(CLEAR.has((error as Error).name), `${(error as Error).name}: ${(error as Error).message} for ${JSON.stringify(body)}`);
  }
  assert.ok(performance.now() - start < 1000, `slow on ${JSON.stringify(body).slice(0, 200)}`);
};

const encoders = [
  marshal.makeMarshal(() => 'o0', undefined, { marshalSaveError: () => {} }),
  marshal.makeMarshal(() => 'o1', undefined, { serializeBodyFormat: 'smallcaps', marshalSaveError: () => {} }),
];
const validBody = fc.tuple(recipeArb, fc.nat(1)).map(([recipe, which]) => encoders[which]!.toCapData(buildValue(api, recipe) as any).body);

const mutation = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(8)).map(([at, length]) => (body: string) => body.slice(0, at % (body.length + 1)) + body.slice((at % (body.length + 1)) + length)),
  fc.tuple(fc.nat(), stringArb).map(([at, text]) => (body: string) => {
    const i = at % (body.length + 1);
    return body.slice(0, i) + text + body.slice(i);
  }),
  fc.tuple(fc.nat(), fc.constantFrom('"#', '"!', '"$9', '"&0', '"%', '"+', '{"@qclass":"', '[', '{', '}', ']', ',', ':', '"@qclass"', '"#tag"', '"#error"')).map(
    ([at, text]) => (body: string) => {
      const i = at % (body.length + 1);
      return body.slice(0, i) + text + body.slice(i);
    },
  ),
);

test('random strings: decoded or clearly refused', () => {
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map(s => `#${s}`)), decodesOrFailsClearly), {
    numRuns: 500,
  });
});

test('mutated valid bodies: decoded or clearly refused', () => {
  fc.assert(
    fc.property(validBody, fc.array(mutation, { minLength: 1, maxLength: 3 }), (body, mutations) => {
      decodesOrFailsClearly(mutations.reduce((text, mutate) => mutate(text), body));
    }),
    { numRuns: 500 },
  );
});

test('valid bodies with some field replaced: decoded or clearly refused', () => {
  const junk = fc.constantFrom('null', '0', '-1', '1e999', '"x"', '[]', '{}', '{"@qclass":"undefined"}', '"#undefined"', 'true', '"\\ud800"');
  fc.assert(
    fc.property(validBody, fc.nat(), junk, (body, at, replacement) => {
      // Replace the value after some ':' or ',' with junk.
      const separators = [...body.matchAll(/[:,[]/g)].map(m => m.index!);
      if (separators.length === 0) return;
      const i = separators[at % separators.length]! + 1;
      const end = body.slice(i).search(/[,}\]]/);
      decodesOrFailsClearly(body.slice(0, i) + replacement + (end < 0 ? '' : body.slice(i + end)));
    }),
    { numRuns: 500 },
  );
});
