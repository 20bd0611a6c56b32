// tameMathObject in isolation: %InitialMath% is the host's Math, %SharedMath%
// is a copy whose random() throws the original ses's "secure mode" TypeError.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameMathObject } from '../../../src/ses/tame-math.js';
import { caught, runInOriginalSes } from './original-ses.js';

const HostMath = Math;
const { '%InitialMath%': InitialMath, '%SharedMath%': SharedMath } = tameMathObject();

test('%InitialMath% is the host Math, random() works', () => {
  assert.equal(InitialMath, HostMath);
  const r = InitialMath.random();
  assert.ok(r >= 0 && r < 1);
});

test('%SharedMath%.random() throws a "secure mode" TypeError', () => {
  assert.throws(() => SharedMath.random(), {
    name: 'TypeError',
    message: 'secure mode %SharedMath%.random() throws',
  });
  assert.equal(Object.hasOwn(SharedMath.random, 'prototype'), false);
  assert.equal(SharedMath.random.name, 'random');
});

test('%SharedMath% has everything else of Math, with the same functions', () => {
  assert.notEqual(SharedMath, HostMath);
  assert.equal(Object.getPrototypeOf(SharedMath), Object.prototype);
  assert.deepEqual(Reflect.ownKeys(SharedMath).sort(String as any), Reflect.ownKeys(HostMath).sort(String as any));
  assert.equal(SharedMath.max, HostMath.max);
  assert.equal(SharedMath.PI, Math.PI);
  assert.equal(SharedMath.floor(2.5), 2);
  assert.equal(Object.prototype.toString.call(SharedMath), '[object Math]');
  assert.deepEqual(Object.getOwnPropertyDescriptor(SharedMath, 'PI'), Object.getOwnPropertyDescriptor(HostMath, 'PI'));
  // The host's Math is untouched.
  assert.equal(typeof HostMath.random(), 'number');
});

test('the message is that of the original ses', () => {
  const original = runInOriginalSes(`return [caught(() => c.evaluate('Math.random()')), typeof Math.random()];`);
  assert.deepEqual([caught(() => SharedMath.random()), typeof InitialMath.random()], original);
});
