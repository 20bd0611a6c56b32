// Compartments made before lockdown work, keep working after it (over the
// same, now hardened, intrinsics), and compartments made after lockdown get
// the powerless shared globals. One program, run in a fresh process against
// ours and against the original ses 2.3.0; both must see the same thing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild } from './run-child.js';

/** Everything a compartment shows that lockdown could change. */
const look = `c => ({
  endowment: c.evaluate('seed * 2'),
  sharesHostObject: c.evaluate('Object') === Object,
  arrayPrototypeFrozen: c.evaluate('Object.isFrozen(Array.prototype)'),
  dateNow: caught(() => c.evaluate('Date.now()'))?.[0] ?? 'works',
  mathRandom: caught(() => c.evaluate('Math.random()'))?.[0] ?? 'works',
  harden: c.evaluate('typeof harden'),
  functionConstructor: c.evaluate('Function("a", "return a + 1")(6)'),
  indirectEval: c.evaluate('(0, eval)("seed + 1")'),
  hostGlobalHidden: c.evaluate('typeof process'),
  sloppyThis: c.evaluate('(function () { return this; })()') === undefined,
})`;

const program = `
  const look = ${look};
  const early = new Compartment({ __options__: true, globals: { seed: 21 } });
  const earlyBefore = look(early);
  early.evaluate('globalThis.kept = 5');
  lockdown({ reporting: 'none' });
  const late = new Compartment({ __options__: true, globals: { seed: 21 } });
  report({
    earlyBefore,
    earlyAfter: look(early),
    earlyKeepsItsGlobals: early.evaluate('kept'),
    earlyCannotChangeIntrinsics: caught(() => early.evaluate('Array.prototype.extra = 1'))?.[0] ?? 'changed',
    late: look(late),
    lateHasOwnGlobalObject: late.globalThis !== early.globalThis && late.evaluate('typeof kept'),
    lateGlobalObjectMutable: !Object.isFrozen(late.globalThis),
  });`;

const expected = {
  earlyBefore: {
    endowment: 42,
    sharesHostObject: true,
    arrayPrototypeFrozen: false,
    dateNow: 'works',
    mathRandom: 'works',
    harden: 'undefined',
    functionConstructor: 7,
    indirectEval: 22,
    hostGlobalHidden: 'undefined',
    sloppyThis: true,
  },
  // Made before lockdown, it keeps the host's own Date and Math (its
  // globals were copied then) but its shared intrinsics are now hardened.
  earlyAfter: {
    endowment: 42,
    sharesHostObject: true,
    arrayPrototypeFrozen: true,
    dateNow: 'works',
    mathRandom: 'works',
    harden: 'undefined',
    functionConstructor: 7,
    indirectEval: 22,
    hostGlobalHidden: 'undefined',
    sloppyThis: true,
  },
  earlyKeepsItsGlobals: 5,
  earlyCannotChangeIntrinsics: 'TypeError',
  late: {
    endowment: 42,
    sharesHostObject: true,
    arrayPrototypeFrozen: true,
    dateNow: 'TypeError',
    mathRandom: 'TypeError',
    harden: 'function',
    functionConstructor: 7,
    indirectEval: 22,
    hostGlobalHidden: 'undefined',
    sloppyThis: true,
  },
  lateHasOwnGlobalObject: 'undefined',
  lateGlobalObjectMutable: true,
};

for (const implementation of implementations) {
  test(`${implementation}: compartments made before lockdown work before and after it; later ones get the shared globals`, () => {
    assert.deepEqual(reportFromChild(implementation, program), expected);
  });
}

test('a compartment made between repairIntrinsics and hardenIntrinsics works after both', () => {
  const body = `
    repairIntrinsics({ reporting: 'none' });
    const between = new Compartment();
    const before = between.evaluate('[3, 1, 2].sort().join()');
    hardenIntrinsics();
    report([before, between.evaluate('Object.isFrozen(Array.prototype)'), caught(() => between.evaluate('Date.now()'))?.[0] ?? 'works']);`;
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, body), ['1,2,3', true, 'TypeError'], implementation);
  }
});

test('the Compartment constructor taken before lockdown still makes working compartments; compartments nest', () => {
  // The original installs a new global Compartment during lockdown, and its
  // old constructor keeps handing the host's powerful Date to compartments
  // made after lockdown. Ours has one constructor, whose compartments get
  // the powerless shared Date once the intrinsics are repaired.
  const body = `
    const Before = globalThis.Compartment;
    lockdown({ reporting: 'none' });
    const parent = new Before({ __options__: true, globals: { base: 40 } });
    report([
      Before.prototype === globalThis.Compartment.prototype,
      parent.evaluate('new Compartment({ __options__: true, globals: { base } }).evaluate("base + 2")'),
      caught(() => parent.evaluate('Date.now()'))?.[0] ?? 'works',
    ]);`;
  assert.deepEqual(reportFromChild('ours', body), [true, 42, 'TypeError']);
  assert.deepEqual(reportFromChild('original', body), [true, 42, 'works']);
});

test('ours: the exported Compartment stays the global one across lockdown', () => {
  const body = `const { Compartment: Exported } = await import('endo/ses');
    const before = globalThis.Compartment === Exported;
    lockdown({ reporting: 'none' });
    report([before, globalThis.Compartment === Exported]);`;
  assert.deepEqual(reportFromChild('ours', body), [true, true]);
});
