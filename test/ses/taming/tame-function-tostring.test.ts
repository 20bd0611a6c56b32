// tameFunctionToString in isolation: registered functions print as native
// code, everything else as before, and the replacement itself looks native.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameFunctionToString } from '../../../src/ses/tame-function-tostring.js';
import { caught, runInOriginalSes } from './original-ses.js';

const originalToString = Function.prototype.toString;
const nonFunctionError = caught(() => originalToString.call({}));
const markVirtualizedNativeFunction = tameFunctionToString();

test('a registered function prints as native code under its name', () => {
  function Date(): void {}
  markVirtualizedNativeFunction(Date);
  assert.equal(Date.toString(), 'function Date() { [native code] }');
  assert.equal(`${Date}`, 'function Date() { [native code] }');
  const arrow = (): number => 1;
  markVirtualizedNativeFunction(arrow);
  assert.equal(Function.prototype.toString.call(arrow), 'function arrow() { [native code] }');
  const method = { evaluate(): void {} }.evaluate;
  markVirtualizedNativeFunction(method);
  assert.equal(String(method), 'function evaluate() { [native code] }');
});

test('unregistered functions print their source', () => {
  function plain(a: number): number {
    return a + 1;
  }
  assert.match(plain.toString(), /^function plain\(a\) \{\s+return a \+ 1;\s+\}$/);
  assert.equal(((x: number) => x).toString(), '(x) => x');
});

test('built-ins print as before; registered proxies and bound functions get their name', () => {
  assert.equal(Array.prototype.push.toString(), 'function push() { [native code] }');
  const bound = function named(): void {}.bind(null);
  assert.equal(bound.toString(), originalToString.call(bound));
  markVirtualizedNativeFunction(bound);
  assert.equal(bound.toString(), 'function bound named() { [native code] }');
  // V8 prints any callable proxy as 'function () { [native code] }'.
  const proxy = new Proxy(function Shared(): void {}, {});
  markVirtualizedNativeFunction(proxy);
  assert.equal(proxy.toString(), 'function Shared() { [native code] }');
});

test('non-functions still get the original TypeError', () => {
  assert.deepEqual(caught(() => Function.prototype.toString.call({})), nonFunctionError);
  assert.throws(() => Function.prototype.toString.call(undefined), TypeError);
});

test('the replacement itself prints as native and is not a constructor', () => {
  assert.notEqual(Function.prototype.toString, originalToString);
  assert.equal(Function.prototype.toString.toString(), 'function toString() { [native code] }');
  assert.equal(Function.prototype.toString.name, 'toString');
  assert.equal(Function.prototype.toString.length, 0);
  assert.equal(Object.hasOwn(Function.prototype.toString, 'prototype'), false);
  const desc = Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!;
  assert.equal(desc.writable, true);
  assert.equal(desc.enumerable, false);
  assert.equal(desc.configurable, true);
});

test('taming twice keeps one replacement and one registry', () => {
  const current = Function.prototype.toString;
  const again = tameFunctionToString();
  assert.equal(again, markVirtualizedNativeFunction);
  assert.equal(Function.prototype.toString, current);
  assert.ok(Object.isFrozen(again));
});

test('prints like the original ses', () => {
  const original = runInOriginalSes(`return [
    Function.prototype.toString.toString(),
    Date.toString(),
    caught(() => Function.prototype.toString.call({})),
  ];`);
  function Date(): void {}
  markVirtualizedNativeFunction(Date);
  assert.deepEqual(
    [Function.prototype.toString.toString(), Date.toString(), caught(() => Function.prototype.toString.call({}))],
    original,
  );
});
