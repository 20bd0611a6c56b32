// lockdown split in two: repairIntrinsics(options), then (after vetted
// shims have run) hardenIntrinsics(). Each scenario needs a fresh realm, so
// each runs in child processes, ours and the original ses 2.3.0 side by side.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild, runChild } from './run-child.js';

const alreadyLockedDown = /^TypeError: .*SES_ALREADY_LOCKED_DOWN/;
const describe = (failure: [string, string] | null) => (failure === null ? null : `${failure[0]}: ${failure[1]}`);

test('repairIntrinsics then hardenIntrinsics: repaired but mutable in between, hardened after', () => {
  const body = `
    Array.prototype.bogusExtra = 1;
    repairIntrinsics({ reporting: 'none' });
    const between = {
      removed: !('bogusExtra' in Array.prototype),
      frozen: Object.isFrozen(Array.prototype),
      powerlessDate: caught(() => new Compartment().evaluate('Date.now()'))?.[0] ?? null,
      evaluates: new Compartment().evaluate('[1, 2].map(x => x * 3).join()'),
    };
    // A vetted shim may still change a permitted intrinsic here.
    Array.prototype.at = function at() { return 'shimmed'; };
    hardenIntrinsics();
    const after = {
      frozen: Object.isFrozen(Array.prototype),
      shimKept: [1].at(0) === 'shimmed' && caught(() => { Array.prototype.at = null; }) !== null,
      hardenWorks: Object.isFrozen(harden({ a: {} }).a),
      evaluates: new Compartment().evaluate('harden([1]).length'),
    };
    report({ between, after });`;
  const expected = {
    between: { removed: true, frozen: false, powerlessDate: 'TypeError', evaluates: '3,6' },
    after: { frozen: true, shimKept: true, hardenWorks: true, evaluates: 1 },
  };
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, body), expected, implementation);
  }
});

test("the options given to repairIntrinsics also govern hardenIntrinsics' part (the override taming)", () => {
  const body = `
    repairIntrinsics({ reporting: 'none', overrideTaming: 'min', errorTaming: 'unsafe' });
    hardenIntrinsics();
    const inheritor = Object.create(Array.prototype);
    report({
      pushOverridable: caught(() => { inheritor.push = () => 0; }) === null,
      stacksKept: new Compartment().evaluate("new Error('x').stack").length > 0,
    });`;
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, body), { pushOverridable: false, stacksKept: true }, implementation);
  }
});

test('repairIntrinsics twice, lockdown after repairIntrinsics, hardenIntrinsics twice: each a TypeError SES_ALREADY_LOCKED_DOWN', () => {
  const body = `
    repairIntrinsics({ reporting: 'none' });
    const afterRepair = [caught(() => repairIntrinsics()), caught(() => lockdown())];
    const firstHarden = caught(() => hardenIntrinsics());
    const afterHarden = [caught(() => hardenIntrinsics()), caught(() => repairIntrinsics()), caught(() => lockdown())];
    report({ afterRepair, firstHarden, afterHarden });`;
  for (const implementation of implementations) {
    const { afterRepair, firstHarden, afterHarden } = reportFromChild(implementation, body);
    assert.equal(firstHarden, null, implementation);
    for (const failure of [...afterRepair, ...afterHarden]) {
      assert.match(describe(failure) ?? 'no error', alreadyLockedDown, implementation);
    }
  }
});

test('after lockdown, repairIntrinsics throws SES_ALREADY_LOCKED_DOWN', () => {
  for (const implementation of implementations) {
    const failure = reportFromChild(implementation, `lockdown({ reporting: 'none' }); report(caught(() => repairIntrinsics()));`);
    assert.match(describe(failure) ?? 'no error', alreadyLockedDown, implementation);
  }
});

test('original: hardenIntrinsics before repairIntrinsics throws (it is not even installed yet)', () => {
  const failure = reportFromChild('original', `report(caught(() => globalThis.hardenIntrinsics()));`);
  assert.equal(failure?.[0], 'TypeError');
});

test(
  'ours: hardenIntrinsics before repairIntrinsics throws a TypeError and leaves the realm untouched',
  () => {
    const body = `
      const failure = caught(() => hardenIntrinsics());
      report({ failure, frozen: Object.isFrozen(Array.prototype), lockdownStillWorks: caught(() => lockdown({ reporting: 'none' })) });`;
    const { failure, frozen, lockdownStillWorks } = reportFromChild('ours', body);
    assert.equal(failure?.[0], 'TypeError');
    assert.equal(frozen, false);
    assert.equal(lockdownStillWorks, null);
  },
);

test('ours: hardenIntrinsics returns the harden it installs (the original returns undefined)', () => {
  const body = `repairIntrinsics({ reporting: 'none' }); const returned = hardenIntrinsics(); report(returned === globalThis.harden);`;
  assert.equal(reportFromChild('ours', body), true);
});

test('a lockdown refused for an unknown option can be retried with valid options', () => {
  const body = `report([caught(() => lockdown({ bogus: 1 }))?.[1] ?? null, caught(() => lockdown({ reporting: 'none' }))]);`;
  for (const implementation of implementations) {
    const [firstMessage, second] = reportFromChild(implementation, body);
    assert.match(firstMessage, /bogus/, implementation);
    assert.equal(second, null, implementation);
  }
});

test('globalThis.harden exists from repairIntrinsics() on, as in ses; ours sets up the property overrides before its first freeze', () => {
  const body = `
    repairIntrinsics({ reporting: 'none' });
    const offered = typeof globalThis.harden;
    const early = harden({ inner: {} });
    const hardened = [Object.isFrozen(early.inner), Object.isFrozen(Object.prototype)];
    hardenIntrinsics();
    const inheritor = {};
    report({ offered, hardened, sameAfter: typeof harden, overridable: caught(() => { inheritor.toString = () => 'mine'; })?.[0] ?? String(inheritor) });`;
  const [ours, original] = implementations.map(implementation => reportFromChild(implementation, body));
  assert.deepEqual(ours, { offered: 'function', hardened: [true, true], sameAfter: 'function', overridable: 'mine' });
  // ses 2.3.0 freezes Object.prototype before the overrides are in place,
  // so every object then fails to override toString: the flaw ours repairs.
  assert.deepEqual(original, { ...ours, overridable: 'TypeError' });
});

test('the layers above ses wait for the end of lockdown before they take up globalThis.harden', () => {
  const body = `
    const { makePromiseKit } = await import('endo/promise-kit');
    repairIntrinsics({ reporting: 'none' });
    makePromiseKit();
    const prototypeFrozenEarly = Object.isFrozen(Object.prototype);
    hardenIntrinsics();
    report({ prototypeFrozenEarly, kitHardened: Object.isFrozen(makePromiseKit()) });`;
  assert.deepEqual(reportFromChild('ours', body), { prototypeFrozenEarly: false, kitHardened: true });
});

test("lockdown refuses a realm whose eval was replaced before the implementation loaded (a wrapper cannot direct-eval), as ses does", () => {
  const prelude = `const realEval = eval; globalThis.eval = source => realEval(source);`;
  const body = `report([caught(() => lockdown({ reporting: 'none' })), Object.isFrozen(Array.prototype), typeof globalThis.SES_changed]);`;
  const [ours, original] = implementations.map(implementation => runChild(implementation, body, { prelude }).reports[0]);
  assert.deepEqual(ours, [
    ['TypeError', "SES cannot initialize unless 'eval' is the original intrinsic 'eval', suitable for direct eval (dynamically scoped eval) (SES_DIRECT_EVAL)"],
    false,
    'undefined',
  ]);
  assert.deepEqual(ours, original);
});

test('ours: before lockdown too, a compartment refuses to evaluate when eval was replaced (its code would run in the global scope)', () => {
  const prelude = `const realEval = eval; globalThis.eval = source => realEval(source); globalThis.hostSecret = 'host';`;
  const body = `report(caught(() => new Compartment().evaluate('globalThis.hostSecret')));`;
  assert.deepEqual((runChild('ours', body, { prelude }).reports[0] as string[] | null)?.[0], 'TypeError');
});
