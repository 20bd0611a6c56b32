// endo/promise-kit's shim replaces Promise.race with the non-leaking race.

import { test } from 'node:test';
import assert from 'node:assert/strict';

const nativeRace = Promise.race;
await import('../../src/promise-kit/shim.js');

test('Promise.race is replaced and still races', async () => {
  assert.notEqual(Promise.race, nativeRace);
  assert.equal(await Promise.race([new Promise(() => {}), Promise.resolve('won')]), 'won');
  await assert.rejects(Promise.race([Promise.reject(Error('lost'))]), { message: 'lost' });
});
