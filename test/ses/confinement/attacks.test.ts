// Confinement acceptance test: after lockdown(), every program of
// ./attack-table.ts runs in a fresh compartment and must do exactly what the
// table says (and never hand back a host-only object); any intrinsic it
// tried to change must read the same from the host afterwards. The whole
// table runs a second time in compartments created by code inside a
// compartment, which must be confined the same way. A few confinement
// properties that a single script cannot show follow the table.

import { todoIfNotYet } from '../../support/not-yet.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown, Compartment } from '../../../src/ses/index.js';
import { attacks, HOST_CANARY, type Attack, type Expectation } from './attack-table.js';

lockdown();

// A host global that no compartment may see.
(globalThis as any)[HOST_CANARY] = { secret: 'host only' };

/** Host objects that confined code must never obtain unless endowed with them. */
const hostOnly = new Map<unknown, string>([
  [globalThis, 'the host globalThis'],
  [process, 'process'],
  [console, 'console'],
  [(globalThis as any)[HOST_CANARY], 'the host canary'],
]);

type Run = { threw: true; error: unknown } | { threw: false; value: unknown };

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null ? String((error as Error).constructor?.name) : `thrown ${typeof error}`;

const describeRun = (run: Run): string =>
  run.threw ? `threw ${errorName(run.error)}: ${(run.error as Error)?.message}` : `returned ${String(run.value)}`;

/** Why `run` does not meet `expectation`, or undefined when it does. */
const mismatch = (expectation: Expectation, run: Run, compartmentGlobal: object): string | undefined => {
  if ('oneOf' in expectation) {
    const misses = expectation.oneOf.map(e => mismatch(e, run, compartmentGlobal));
    return misses.every(m => m !== undefined) ? `none of: ${misses.join('; ')}` : undefined;
  }
  if ('throws' in expectation) {
    if (!run.threw) return `expected a ${expectation.throws}, but it ${describeRun(run)}`;
    if (errorName(run.error) !== expectation.throws) return `expected a ${expectation.throws}, but it ${describeRun(run)}`;
    const message = String((run.error as Error).message);
    if (expectation.message && !expectation.message.test(message)) {
      return `expected a message matching ${expectation.message}, got ${JSON.stringify(message)}`;
    }
    return undefined;
  }
  if (run.threw) return `expected a value, but it ${describeRun(run)}`;
  if ('compartmentGlobal' in expectation) {
    return run.value === compartmentGlobal ? undefined : `expected the compartment's globalThis, but it ${describeRun(run)}`;
  }
  try {
    assert.deepStrictEqual(run.value, expectation.value);
    return undefined;
  } catch {
    return `expected ${String(expectation.value)}, but it ${describeRun(run)}`;
  }
};

type CompartmentLike = { globalThis: Record<PropertyKey, any>; evaluate(source: string): unknown };

const runAttack = async (attack: Attack, makeCompartment: (globals: object) => CompartmentLike) => {
  const compartment = makeCompartment(attack.globals?.() ?? {});
  const before = attack.unchanged?.(compartment.globalThis);
  let run: Run;
  try {
    let value = compartment.evaluate(attack.source);
    if (value instanceof Promise) value = await value;
    run = { threw: false, value };
  } catch (error) {
    run = { threw: true, error };
  }
  const failure = mismatch(attack.expect, run, compartment.globalThis);
  assert.equal(failure, undefined, `${attack.name}: ${failure}`);
  if (!run.threw && !attack.globals) {
    assert.equal(hostOnly.get(run.value), undefined, `${attack.name} obtained a host-only object`);
  }
  if (attack.unchanged) {
    assert.equal(attack.unchanged(compartment.globalThis), before, `${attack.name} changed what the host sees`);
  }
};

const topLevel = (globals: object) => new Compartment({ __options__: true, globals });

// Compartments made by confined code: the outer compartment's own
// Compartment constructor builds them.
const nested = (globals: object) => {
  const outer = new Compartment();
  const makeInner = outer.evaluate('globals => new Compartment({ __options__: true, globals })') as (
    g: object,
  ) => CompartmentLike;
  return makeInner(globals);
};

describe('attacks in a compartment', () => {
  for (const attack of attacks) {
    test(attack.name, todoIfNotYet(attack.name), () => runAttack(attack, topLevel));
  }
});

describe('attacks in a compartment made inside a compartment', () => {
  for (const attack of attacks) {
    test(attack.name, todoIfNotYet(attack.name), () => runAttack(attack, nested));
  }
});

test('a missing free name stays missing when the host adds the global later', () => {
  const compartment = new Compartment();
  const probe = compartment.evaluate('() => [typeof addedLater, addedLater]') as () => unknown[];
  assert.deepEqual(probe(), ['undefined', undefined]);
  (globalThis as any).addedLater = 'host value';
  try {
    assert.deepEqual(probe(), ['undefined', undefined]);
    assert.equal(compartment.evaluate('typeof addedLater'), 'undefined');
    // Only the compartment's own global object can supply it.
    compartment.globalThis.addedLater = 'own value';
    assert.deepEqual(probe(), ['string', 'own value']);
  } finally {
    delete (globalThis as any).addedLater;
  }
});

test('global objects of two compartments are separate', () => {
  const a = new Compartment();
  const b = new Compartment();
  a.evaluate('globalThis.shared = 1');
  assert.equal(b.evaluate('typeof shared'), 'undefined');
  assert.notEqual(a.globalThis, b.globalThis);
  assert.equal(a.globalThis.Array, b.globalThis.Array);
  assert.equal(a.globalThis.Array, Array);
});

test('replacing a global in one compartment leaves the others and the host alone', () => {
  const a = new Compartment();
  a.evaluate('globalThis.Object = null; globalThis.JSON = { parse: () => "fake" }');
  assert.equal(new Compartment().evaluate('JSON.parse("1")'), 1);
  assert.equal(JSON.parse('1'), 1);
  assert.equal(typeof Object, 'function');
});

test('the compartment global object is not the host global and has none of its powers', () => {
  const compartment = new Compartment();
  const g = compartment.globalThis;
  assert.notEqual(g, globalThis);
  for (const name of ['process', 'require', 'console', 'setTimeout', 'fetch', 'Buffer', HOST_CANARY]) {
    assert.equal(Object.hasOwn(g, name), false, `compartment global has ${name}`);
    assert.equal(name in g, false, `compartment global inherits ${name}`);
  }
});

test('functions made in a compartment keep resolving names in it', () => {
  const compartment = new Compartment({ __options__: true, globals: { answer: 42 } });
  const read = compartment.evaluate('() => answer') as () => number;
  assert.equal(read(), 42);
  // Calling from the host, or with a host receiver, changes nothing.
  assert.equal(Reflect.apply(read, globalThis, []), 42);
  compartment.globalThis.answer = 43;
  assert.equal(read(), 43);
});

test('an endowed host function cannot hand out its realm via this', () => {
  const compartment = new Compartment({
    __options__: true,
    globals: {
      callMe(callback: () => unknown) {
        return callback();
      },
    },
  });
  assert.equal(compartment.evaluate('callMe(function () { return this; })'), undefined);
});

test('evaluating something other than a string throws a TypeError', () => {
  const compartment = new Compartment();
  assert.throws(() => compartment.evaluate(42 as unknown as string), TypeError);
  assert.throws(() => compartment.evaluate({ toString: () => 'process' } as unknown as string), TypeError);
});

test('the Compartment constructor needs new', () => {
  assert.throws(() => (Compartment as unknown as () => unknown)(), TypeError);
});

test('the Compartment global after lockdown makes confined compartments too', () => {
  const GlobalCompartment = (globalThis as any).Compartment;
  const compartment = new GlobalCompartment();
  assert.throws(() => compartment.evaluate('Math.random()'), /^TypeError: secure mode/);
  assert.throws(() => compartment.evaluate('Date.now()'), /^TypeError: secure mode/);
  assert.equal(compartment.evaluate('new Error("x").stack'), '');
  assert.equal(compartment.evaluate('typeof process'), 'undefined');
});
