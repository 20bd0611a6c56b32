// Timers as a package granted setTimeout, setInterval, setImmediate and the
// clear functions gets them (globals or the timers builtin): opaque handles
// that do what Node's API promises, tried as an attacker would from a
// Compartment (after lockdown) for Node's timer lists, other packages'
// callbacks, and clearing timers it was never given. Its own file: it calls
// lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import timers from 'node:timers';
import { promisify } from 'node:util';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { globalsForPackage } from '../../src/policy/global-views.js';
import { makeSharedGlobals } from '../../src/policy/shared-globals.js';
import { builtinForPackage } from '../../src/policy/builtin-views.js';
import { isTimerHandle } from '../../src/policy/timer-views.js';

lockdown();

type AnyRecord = Record<string, any>;

const timerGrants = {
  setTimeout: true, clearTimeout: true, setInterval: true, clearInterval: true, setImmediate: true, clearImmediate: true,
} as const;

const compartmentWithTimers = (packageName = 'timed') => {
  const compartment = new Compartment();
  Object.defineProperties(compartment.globalThis, globalsForPackage(timerGrants, globalThis, makeSharedGlobals(), { packageName }));
  return compartment;
};

const later = (ms: number) => new Promise(resolve => globalThis.setTimeout(resolve, ms));

test('timeouts, intervals and immediates run with their arguments, the handle as this, and clear', async () => {
  const compartment = compartmentWithTimers();
  const record = compartment.evaluate(`
    const record = { ran: [], ticks: 0 };
    const handle = setTimeout(function (a, b) { record.ran.push(a + b); record.selfIsHandle = this === handle; }, 1, 2, 3);
    const cleared = setTimeout(() => record.ran.push('cleared'), 1);
    clearTimeout(cleared);
    const interval = setInterval(() => { record.ticks += 1; if (record.ticks === 3) clearInterval(interval); }, 1);
    const immediate = setImmediate(function (x) { record.ran.push(x); record.immediateSelf = this === immediate; }, 'imm');
    clearImmediate(setImmediate(() => record.ran.push('cleared immediate')));
    record
  `) as AnyRecord;
  await later(30);
  assert.deepEqual(record.ran.sort(), [5, 'imm'].sort());
  assert.equal(record.selfIsHandle, true);
  assert.equal(record.immediateSelf, true);
  assert.equal(record.ticks, 3);
});

test("a handle has Node's promised methods: ref, unref, hasRef, refresh, close, a number, dispose", async () => {
  const compartment = compartmentWithTimers();
  const result = compartment.evaluate(`
    const result = { fired: 0 };
    const handle = setTimeout(() => { result.fired += 1 }, 5);
    result.chain = handle.unref() === handle && handle.ref() === handle && handle.refresh() === handle;
    result.hasRefAfterUnref = handle.unref().hasRef();
    handle.ref();
    const asNumber = +handle;
    result.numberIsStable = typeof asNumber === 'number' && asNumber === +handle;
    result.tag = Object.prototype.toString.call(handle);
    const byNumber = setTimeout(() => { result.fired += 100 }, 1);
    clearTimeout(+byNumber);
    const closed = setTimeout(() => { result.fired += 1000 }, 1);
    result.closeChain = closed.close() === closed;
    result
  `) as AnyRecord;
  await later(30);
  assert.equal(result.chain, true);
  assert.equal(result.hasRefAfterUnref, false);
  assert.equal(result.numberIsStable, true);
  assert.equal(result.tag, '[object Timeout]');
  assert.equal(result.fired, 1, 'only the first timer ran: the one cleared by number and the closed one did not');
});

test('util.promisify(setTimeout) still works (it is timers/promises, which makes no handle)', async () => {
  const compartment = compartmentWithTimers();
  const view = compartment.globalThis as AnyRecord;
  assert.equal(await promisify(view.setTimeout)(1, 'value'), 'value');
});

test('from a handle there is no way to other timers, their callbacks, or the Node timer', () => {
  const compartment = compartmentWithTimers('attacker');
  // Another package's timer, with a callback the attacker wants.
  const victim = globalThis.setTimeout(() => 'secret callback', 1000);
  const found = compartment.evaluate(`
    const handle = setTimeout(() => {}, 1000);
    const names = [...Reflect.ownKeys(handle), ...Reflect.ownKeys(Object.getPrototypeOf(handle))].map(String);
    clearTimeout(handle);
    ({ names, idle: handle._idleNext, onTimeout: handle._onTimeout, frozen: Object.isFrozen(handle) && Object.isFrozen(Object.getPrototypeOf(handle)) })
  `) as AnyRecord;
  assert.equal(found.idle, undefined);
  assert.equal(found.onTimeout, undefined);
  assert.equal(found.frozen, true);
  assert.ok(found.names.every((name: string) => !name.startsWith('_')), found.names.join());
  assert.throws(() => compartment.evaluate('Object.getPrototypeOf(setTimeout(() => {}, 1)).hasRef.call({})'), /must be called on a timer handle/);
  assert.throws(() => compartment.evaluate("const h = setTimeout(() => {}, 1); clearTimeout(h); h._idlePrev = 1"), TypeError);
  globalThis.clearTimeout(victim);
});

test("clear functions refuse objects that are not handles, and a number clears only a handle's own timer", async () => {
  const compartment = compartmentWithTimers('attacker');
  const victimRan: string[] = [];
  const victim = globalThis.setTimeout(() => victimRan.push('victim'), 5);
  const victimNumber = +victim;
  compartment.globalThis.foreignTimer = victim;
  assert.throws(
    () => compartment.evaluate('clearTimeout(foreignTimer)'),
    /clearTimeout: the argument is not a timer handle made by this application's setTimeout/,
  );
  assert.throws(() => compartment.evaluate('clearImmediate({ _onImmediate: null })'), /clearImmediate: the argument is not a timer handle/);
  assert.throws(() => compartment.evaluate('clearInterval({ _idleTimeout: 1, _onTimeout: null })'), /clearInterval/);
  // Numbers the package did not get from its own handles clear nothing.
  compartment.evaluate(`for (let n = 0; n < ${victimNumber + 50}; n += 1) clearTimeout(n)`);
  // As Node: undefined, null and a handle of the other kind are ignored.
  compartment.evaluate('clearTimeout(undefined); clearTimeout(null); clearTimeout(setImmediate(() => {}))');
  await later(20);
  assert.deepEqual(victimRan, ['victim']);
});

test('the same functions for every package: a handle made in one is cleared by another', async () => {
  const maker = compartmentWithTimers('maker');
  const clearer = compartmentWithTimers('clearer');
  assert.equal(maker.globalThis.setTimeout, clearer.globalThis.setTimeout);
  const record = maker.evaluate('const record = { ran: false }; record.handle = setTimeout(() => { record.ran = true }, 1); record') as AnyRecord;
  assert.ok(isTimerHandle(record.handle));
  clearer.globalThis.handle = record.handle;
  clearer.evaluate('clearTimeout(handle)');
  await later(20);
  assert.equal(record.ran, false);
});

test('the timers builtin gives the same safe functions; enroll and active are withheld with the entry that allows them', async () => {
  const view = builtinForPackage('timers', { timers: true }, timers, { packageName: 'p' }) as AnyRecord;
  const compartment = compartmentWithTimers('p');
  assert.equal(view.setTimeout, compartment.globalThis.setTimeout);
  assert.ok(isTimerHandle(view.setInterval(() => {}, 1000).unref()));
  assert.equal(await view.promises.setTimeout(1, 'promised'), 'promised');
  assert.throws(() => view.enroll({}, 10), /Package "p" was granted the builtin "timers" whole, which does not give "timers.enroll" \(puts an object into Node's timer lists, linked to other packages' timers\)\. To allow it, add "timers.enroll": true to resources\["p"\]\.builtin/);
  assert.throws(() => view.active({}), /timers\.active/);
  const dotted = builtinForPackage('timers', { 'timers.setImmediate': true }, timers) as AnyRecord;
  assert.deepEqual(Object.keys(dotted), ['setImmediate']);
  assert.ok(isTimerHandle(dotted.setImmediate(() => {})));
});

test("a callback that is not a function gets Node's own error", () => {
  const compartment = compartmentWithTimers();
  assert.throws(() => compartment.evaluate('setTimeout("code string", 1)'), { code: 'ERR_INVALID_ARG_TYPE' });
});
