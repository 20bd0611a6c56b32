// makePromiseKit and racePromises build their promises with the realm's
// HandledPromise when there is one, even one that appears after
// endo/promise-kit was imported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePromiseKit, racePromises } from '../../src/promise-kit/index.js';

test('before any HandledPromise exists, kits hold plain promises', () => {
  assert.equal(makePromiseKit().promise.constructor, Promise);
});

test('once the eventual-send shim has run, kits hold handled promises that accept messages', async () => {
  const { E, HandledPromise } = await import('../../src/eventual-send/index.js');
  // Observe which constructor is used through a counting stand-in is not
  // possible with the frozen real one, so check behaviour: a handled
  // promise's messages wait for it, and HandledPromise.resolve keeps it.
  const kit = makePromiseKit<{ m(): string }>();
  assert.equal(HandledPromise.resolve(kit.promise), kit.promise);
  const answer = E(kit.promise).m();
  kit.resolve({ m: () => 'delivered' });
  assert.equal(await answer, 'delivered');
});

test('the constructor is looked up when first found, then kept', async () => {
  const constructed: unknown[] = [];
  const realm = globalThis as any;
  const saved = realm.HandledPromise;
  // The real one is already cached by the previous test: a replacement of
  // the global is not followed.
  realm.HandledPromise = class Replacement extends Promise<unknown> {
    constructor(executor: any) {
      super(executor);
      constructed.push(this);
    }
  };
  try {
    makePromiseKit();
    await racePromises([1]);
    assert.deepEqual(constructed, []);
  } finally {
    realm.HandledPromise = saved;
  }
});
