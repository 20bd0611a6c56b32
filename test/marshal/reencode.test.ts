// Re-encoding what was decoded gives the same body and slots, in both body
// formats, for 300 generated passables. A decoded value is the case where
// the encoder reuses arrays and records as their own encodings (its
// records list their names in order, as an echo sends them back), so this
// checks that shortcut against the full encoding of the same value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { recipeArb } from './arbitraries.js';
import { buildValue } from './interop.js';
import type { MarshalApi } from './interop.js';

const SEED = 20261126;
const recipes = fc.sample(recipeArb, { seed: SEED, numRuns: 300 });

lockdown();
const marshal = await import('../../src/marshal/index.js');
const api = { ...marshal, harden: (globalThis as any).harden } as unknown as MarshalApi;

/** A marshal that gives each capability a slot once and maps the slot back to it. */
const makeSlotKeepingMarshal = (serializeBodyFormat: 'capdata' | 'smallcaps') => {
  const slotOf = new Map<unknown, string>();
  const valueOf = new Map<string, unknown>();
  return marshal.makeMarshal(
    (value: unknown) => {
      if (!slotOf.has(value)) {
        const slot = `s${slotOf.size}`;
        slotOf.set(value, slot);
        valueOf.set(slot, value);
      }
      return slotOf.get(value)!;
    },
    (slot: string) => valueOf.get(slot) as any,
    { serializeBodyFormat, errorTagging: 'off' },
  );
};

for (const format of ['capdata', 'smallcaps'] as const) {
  test(`${format}: decoding then encoding again gives the same body and slots (seed ${SEED})`, () => {
    const { toCapData, fromCapData } = makeSlotKeepingMarshal(format);
    let reencoded = 0;
    for (const [i, recipe] of recipes.entries()) {
      const value = buildValue(api, recipe);
      let first: { body: string; slots: string[] };
      try {
        first = toCapData(value as any);
      } catch {
        continue; // not passable as generated (the interop test covers those)
      }
      const again = toCapData(fromCapData(first));
      assert.deepEqual({ ...again }, { ...first }, `recipe ${i}: ${JSON.stringify(recipe)}`);
      reencoded += 1;
    }
    assert.ok(reencoded > 250, `only ${reencoded} of 300 recipes encoded`);
  });
}
