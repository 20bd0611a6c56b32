// Before lockdown there is no harden of ours to mark with:
// hardenFreshArray and markFreshHardened freeze (as the stand-in harden
// would) and nothing counts as fresh.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hardenFreshArray,
  isFreshHardened,
  markFreshHardened,
} from '../../../src/ses/harden-when-available.js';

test('before lockdown, fresh objects are frozen and not marked', () => {
  const inner = { a: 1 };
  const array = hardenFreshArray([inner]);
  assert.ok(Object.isFrozen(array) && Object.isFrozen(inner));
  assert.equal(isFreshHardened(array), false);
  const record = markFreshHardened({ b: 2 });
  assert.ok(Object.isFrozen(record));
  assert.equal(isFreshHardened(record), false);
  assert.equal(Object.isFrozen(Array.prototype), false, 'the intrinsics are left alone');
});
