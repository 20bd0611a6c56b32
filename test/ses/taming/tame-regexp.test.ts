// tameRegExpConstructor('safe') in isolation: fresh constructors without the
// legacy statics, sharing RegExp.prototype (so literals, instanceof and
// subclasses work), and RegExp.prototype.compile removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameRegExpConstructor } from '../../../src/ses/tame-regexp.js';
import { runInOriginalSes } from './original-ses.js';

const HostRegExp = RegExp;
const { '%InitialRegExp%': InitialRegExp, '%SharedRegExp%': SharedRegExp } = tameRegExpConstructor('safe');

const legacyStatics = [
  '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9',
  'input', '$_', 'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$`', 'rightContext', "$'",
];

test('neither constructor has the legacy statics, even after a match', () => {
  /(b)(c)/.exec('abcd');
  for (const R of [InitialRegExp, SharedRegExp]) {
    for (const name of legacyStatics) {
      assert.equal(name in R, false, `${name} should be absent`);
    }
  }
  // The host's own RegExp is not changed here (the integrator replaces the global).
  assert.equal((HostRegExp as any).$1, 'b');
});

test('the constructors have exactly the standard statics', () => {
  const expected = ['length', 'name', 'prototype', ...('escape' in HostRegExp ? ['escape'] : [])].sort();
  for (const R of [InitialRegExp, SharedRegExp]) {
    assert.deepEqual(Object.getOwnPropertyNames(R).sort(), expected);
    assert.deepEqual(Object.getOwnPropertySymbols(R), [Symbol.species]);
    assert.equal(R.name, 'RegExp');
    assert.equal(R.length, 2);
  }
  assert.notEqual(InitialRegExp, SharedRegExp);
});

test('RegExp.prototype.compile is removed', () => {
  assert.equal('compile' in /x/, false);
  assert.equal(Object.hasOwn(HostRegExp.prototype, 'compile'), false);
});

test('both share RegExp.prototype, whose constructor is the shared one', () => {
  assert.equal(InitialRegExp.prototype, HostRegExp.prototype);
  assert.equal(SharedRegExp.prototype, HostRegExp.prototype);
  assert.equal(/x/.constructor, SharedRegExp);
  const desc = Object.getOwnPropertyDescriptor(InitialRegExp, 'prototype')!;
  assert.equal(desc.writable, false);
  assert.equal(desc.configurable, false);
});

test('literals and instanceof work with either constructor', () => {
  assert.ok(/x/ instanceof InitialRegExp);
  assert.ok(/x/ instanceof SharedRegExp);
  assert.ok(new SharedRegExp('a') instanceof HostRegExp);
  assert.ok(new InitialRegExp('a') instanceof SharedRegExp);
  const r = new SharedRegExp('(a+)', 'g');
  assert.equal(r.flags, 'g');
  assert.deepEqual('baaa caa'.match(r), ['aaa', 'aa']);
  assert.equal(Object.prototype.toString.call(r), '[object RegExp]');
});

test('called without new: makes a regexp, and hands back its own regexps as the original does', () => {
  const made = (SharedRegExp as unknown as (p: string, f: string) => RegExp)('a', 'i');
  assert.ok(made instanceof SharedRegExp);
  assert.equal(made.source, 'a');
  assert.equal(made.flags, 'i');
  const literal = /y/;
  assert.equal((SharedRegExp as unknown as (p: RegExp) => RegExp)(literal), literal);
  const copy = (InitialRegExp as unknown as (p: RegExp) => RegExp)(literal);
  assert.notEqual(copy, literal);
  assert.equal(copy.source, 'y');
});

test('Symbol.species keeps working, for the constructors and their subclasses', () => {
  assert.equal((InitialRegExp as any)[Symbol.species], InitialRegExp);
  assert.equal((SharedRegExp as any)[Symbol.species], SharedRegExp);
  class Sub extends SharedRegExp {}
  assert.equal((Sub as any)[Symbol.species], Sub);
});

test('subclasses work, including the methods that use the species', () => {
  const seen: string[] = [];
  class Logging extends SharedRegExp {
    override exec(s: string): RegExpExecArray | null {
      seen.push(s);
      return super.exec(s);
    }
  }
  const r = new Logging(',', 'g');
  assert.ok(r instanceof Logging);
  assert.ok(r instanceof SharedRegExp);
  assert.deepEqual('a,b,c'.split(r), ['a', 'b', 'c']);
  assert.ok(seen.length > 0);
  assert.deepEqual([...'x1y2'.matchAll(new Logging('\\d', 'g'))].map(m => m[0]), ['1', '2']);
  assert.equal(r.test('no comma'), false);
});

test('matches what the original ses leaves on RegExp', () => {
  const original = runInOriginalSes(`return {
    start: Object.getOwnPropertyNames(RegExp).sort(),
    compartment: c.evaluate('Object.getOwnPropertyNames(RegExp).sort()'),
    compile: 'compile' in /x/,
    sameProto: c.evaluate('RegExp.prototype') === RegExp.prototype,
    literalConstructor: /x/.constructor === c.evaluate('RegExp'),
  };`);
  const ours = {
    start: Object.getOwnPropertyNames(InitialRegExp).sort(),
    compartment: Object.getOwnPropertyNames(SharedRegExp).sort(),
    compile: 'compile' in /x/,
    sameProto: SharedRegExp.prototype === InitialRegExp.prototype,
    literalConstructor: /x/.constructor === SharedRegExp,
  };
  assert.deepEqual(ours, original);
});
