// What lockdown itself prints, by `reporting` option, in fresh processes
// (ours and the original ses 2.3.0): removal summaries and warnings go to
// stderr and never to stdout, 'none' prints nothing at all, 'console'
// goes through the program's console.warn while 'platform' writes to the
// platform's error stream whatever the console is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, runChild } from './run-child.js';

/** Lockdown with `options` after adding an unknown property, and a deprecated option, and one debugged override. */
const noisyLockdown = (options: Record<string, unknown>) => `
  Array.prototype.bogusExtra = 1;
  lockdown(${JSON.stringify({ dateTaming: 'safe', overrideDebug: ['push'], ...options })});
  const inheritor = Object.create(Array.prototype);
  inheritor.push = () => 0;
  report(null);`;

test("default ('platform'): the removal, the deprecation and the override report all go to stderr, nothing to stdout", () => {
  for (const implementation of implementations) {
    const outcome = runChild(implementation, noisyLockdown({}));
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(outcome.stdout, '', implementation);
    assert.match(outcome.stderr, /bogusExtra/, implementation);
    assert.match(outcome.stderr, /'dateTaming' option is deprecated/, implementation);
    assert.match(outcome.stderr, /Override property push/, implementation);
  }
});

test("'none' prints nothing at all, on stdout or stderr", () => {
  for (const implementation of implementations) {
    const outcome = runChild(implementation, noisyLockdown({ reporting: 'none' }));
    assert.equal(outcome.status, 0);
    assert.equal(outcome.stdout, '', implementation);
    assert.equal(outcome.stderr, '', implementation);
  }
});

test("ours: 'console' also keeps stdout clean (the original prints its group labels there)", () => {
  const ours = runChild('ours', noisyLockdown({ reporting: 'console' }));
  assert.equal(ours.stdout, '');
  assert.match(ours.stderr, /bogusExtra/);
  assert.match(ours.stderr, /Override property push/);
  // The original's known flaw (see the spec): console.groupCollapsed
  // writes "SES Removing unpermitted intrinsics" to stdout.
  const original = runChild('original', noisyLockdown({ reporting: 'console' }));
  assert.match(original.stdout, /SES Removing unpermitted intrinsics/);
});

/** Replaces console.warn with a recorder before lockdown (with the console left untamed, so it stays in place). */
const recordedWarnings = (reporting: string) => `
  const warned = [];
  console.warn = (...args) => { warned.push(args.map(String).join(' ')); };
  Array.prototype.bogusExtra = 1;
  lockdown({ reporting: ${JSON.stringify(reporting)}, consoleTaming: 'unsafe' });
  report(warned.some(line => line.includes('bogusExtra')));`;

test("'console' reports through the program's own console.warn", () => {
  for (const implementation of implementations) {
    const outcome = runChild(implementation, recordedWarnings('console'));
    assert.deepEqual(outcome.reports, [true], implementation);
    assert.equal(outcome.stderr.includes('bogusExtra'), false, implementation);
  }
});

test("'platform' ignores a replaced console.warn and writes to stderr", () => {
  for (const implementation of implementations) {
    const outcome = runChild(implementation, recordedWarnings('platform'));
    assert.deepEqual(outcome.reports, [false], implementation);
    assert.match(outcome.stderr, /bogusExtra/, implementation);
  }
});

test('removed intrinsics are reported as ses reports them: a group label, then one indented line each', () => {
  const prelude = `
    const originalIsArray = Array.isArray;
    Object.defineProperties(Array, {
      extraRemovable: { value: 1, configurable: true },
      isArray: { value: function isArrayWithPrototype(...args) { return Reflect.apply(originalIsArray, this, args); } },
    });`;
  const body = `lockdown(); report(null);`;
  const [ours, original] = implementations.map(implementation => {
    const lines = runChild(implementation, body, { prelude }).stderr.trim().split('\n');
    return lines.filter(line => !/^About to overwrite ArrayBuffer\.prototype/.test(line));
  });
  assert.equal(ours[0], 'SES Removing unpermitted intrinsics');
  assert.ok(ours.includes('  Removing intrinsics.Array.extraRemovable'), ours.join('\n'));
  assert.ok(ours.includes('  Tolerating undeletable intrinsics.Array.isArray.prototype === undefined'), ours.join('\n'));
  assert.deepEqual([...ours].sort(), [...original].sort());
});

test(
  'a default lockdown of an untouched realm prints nothing (as the original)',
  () => {
    const outcome = runChild('ours', `lockdown(); report(null);`);
    assert.equal(outcome.stderr, '');
    assert.equal(outcome.stdout, '');
  },
);

test('original: a default lockdown of an untouched realm prints nothing', () => {
  const outcome = runChild('original', `lockdown(); report(null);`);
  assert.equal(outcome.stderr, '');
  assert.equal(outcome.stdout, '');
});

test('an invalid reporting option is refused before anything is printed', () => {
  for (const implementation of implementations) {
    const outcome = runChild(implementation, `Array.prototype.bogusExtra = 1; report(caught(() => lockdown({ reporting: 'loud' })));`);
    const [name] = outcome.reports[0] as [string, string];
    assert.match(name, /Error$/, implementation);
    assert.equal(outcome.stderr.includes('bogusExtra'), false, implementation);
    assert.equal(outcome.stdout, '');
  }
});
