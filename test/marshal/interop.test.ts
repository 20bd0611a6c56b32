// Property test against @endo/marshal 1.10.0: 300 generated passables
// (recipes, built the same way on both sides) are encoded by ours and by
// the original (in a child process, under @endo/init) in both body
// formats; the bodies and slots must be identical, and each side must
// decode the other's bodies to the same value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { recipeArb } from './arbitraries.js';
import { decodeBodies, encodeRecipes } from './interop.js';
import type { Encoded, MarshalApi, Outcome } from './interop.js';
import { runUnderOriginalMarshal } from './run-original-marshal.js';

const SEED = 20250610;
const recipes = fc.sample(recipeArb, { seed: SEED, numRuns: 300 });

lockdown();
const marshal = await import('../../src/marshal/index.js');
const api = { ...marshal, harden: (globalThis as any).harden } as unknown as MarshalApi;

const ours = encodeRecipes(api, recipes);
const ourBodies = ours.flatMap(e => [e.capdata, e.smallcaps].map(o => ('ok' in o ? o.ok : null)));
const original = runUnderOriginalMarshal(new URL('./run-original-marshal.js', import.meta.url).href, 'originalSide', {
  recipes,
  bodies: ourBodies,
}) as { encoded: Encoded[]; decodedOwn: Outcome<unknown>[]; decodedOurs: Outcome<unknown>[] };

const theirBodies = original.encoded.flatMap(e => [e.capdata, e.smallcaps].map(o => ('ok' in o ? o.ok : null)));
const oursDecodingTheirs = decodeBodies(api, theirBodies);

test(`every generated value encodes to the same capdata and smallcaps bodies and slots (seed ${SEED})`, () => {
  assert.equal(ours.length, 300);
  let failures = 0;
  for (let i = 0; i < recipes.length; i += 1) {
    assert.ok('ok' in ours[i]!.capdata, `ours failed to encode ${JSON.stringify(recipes[i])}: ${JSON.stringify(ours[i])}`);
    assert.deepEqual(ours[i], original.encoded[i], `recipe ${i}: ${JSON.stringify(recipes[i])}`);
    if (!('ok' in ours[i]!.smallcaps)) failures += 1;
  }
  assert.equal(failures, 0);
});

test('each side decodes the other side\'s bodies to the same value as its own', () => {
  for (let i = 0; i < ourBodies.length; i += 1) {
    const label = `body ${i}: ${JSON.stringify(ourBodies[i])}`;
    assert.ok('ok' in original.decodedOwn[i]!, `${label}: ${JSON.stringify(original.decodedOwn[i])}`);
    assert.deepEqual(original.decodedOurs[i], original.decodedOwn[i], `the original decoding ours, ${label}`);
    assert.deepEqual(oursDecodingTheirs[i], original.decodedOwn[i], `ours decoding the original's, ${label}`);
  }
});
