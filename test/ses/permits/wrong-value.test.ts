// A permitted property holding the wrong thing stops the walk with a
// TypeError naming its path. Each case corrupts this process's own realm,
// runs the walk, and puts things back: keep this file alone in its process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeIntrinsicsCollector } from '../../../src/ses/intrinsics.js';
import { permits } from '../../../src/ses/permits.js';
import { removeUnpermittedIntrinsics } from '../../../src/ses/remove-unpermitted.js';
import { applyStandInTamings } from './stand-in-tamings.js';

const collector = makeIntrinsicsCollector(globalThis);
for (const made of applyStandInTamings()) collector.addIntrinsics(made);
const intrinsics = collector.finalIntrinsics();
const walk = () => removeUnpermittedIntrinsics(intrinsics, permits);

/** Applies `corrupt`, expects the walk to throw `message`, then runs `restore`. */
const expectRejection = (corrupt: () => void, restore: () => void, message: RegExp) => {
  corrupt();
  try {
    assert.throws(walk, { name: 'TypeError', message });
  } finally {
    restore();
  }
};

test('the unharmed realm passes', () => {
  assert.deepEqual(walk(), []);
});

test('a method replaced by a number', () => {
  const { map } = Array.prototype;
  expectRejection(
    () => ((Array.prototype as any).map = 5),
    () => (Array.prototype.map = map),
    /^lockdown: %ArrayPrototype%\.map should be a function, but is number$/,
  );
});

test('a method replaced by a function that does not inherit from Function.prototype', () => {
  const { keys } = Object;
  expectRejection(
    () => (Object.keys = Object.setPrototypeOf(() => [], null)),
    () => (Object.keys = keys),
    /^lockdown: Object\.keys should be a function inheriting from %FunctionPrototype%/,
  );
});

test('a constructor link to another intrinsic', () => {
  expectRejection(
    () => ((Array.prototype as any).constructor = Object),
    () => ((Array.prototype as any).constructor = Array),
    /^lockdown: %ArrayPrototype%\.constructor should be the intrinsic Array, but is function "Object"$/,
  );
});

test('a getter turned into a data property', () => {
  const size = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!;
  expectRejection(
    () => Object.defineProperty(Map.prototype, 'size', { value: 0 }),
    () => Object.defineProperty(Map.prototype, 'size', size),
    /^lockdown: %MapPrototype%\.size should be an accessor property, but is a data property$/,
  );
});

test('a data property turned into an accessor', () => {
  const all = Object.getOwnPropertyDescriptor(Promise, 'all')!;
  expectRejection(
    () => Object.defineProperty(Promise, 'all', { get: () => all.value }),
    () => Object.defineProperty(Promise, 'all', all),
    /^lockdown: Promise\.all should be a data property, but is an accessor$/,
  );
});

test('a wrong [[Prototype]]', () => {
  const mapIteratorPrototype = Object.getPrototypeOf(new Map().keys());
  const iteratorPrototype = Object.getPrototypeOf(mapIteratorPrototype);
  expectRejection(
    () => Object.setPrototypeOf(mapIteratorPrototype, Object.prototype),
    () => Object.setPrototypeOf(mapIteratorPrototype, iteratorPrototype),
    /^lockdown: %MapIteratorPrototype% has an unexpected \[\[Prototype\]\] \(expected %IteratorPrototype%\)$/,
  );
});

test('a wrong value inside a nested permit record', () => {
  const unscopables = (Array.prototype as any)[Symbol.unscopables];
  expectRejection(
    () => (unscopables.flat = 'yes'),
    () => (unscopables.flat = true),
    /^lockdown: %ArrayPrototype%\.@@unscopables\.flat should be a boolean, but is string$/,
  );
});

test('a tamed intrinsic that a permit names is missing', () => {
  const sharedDate = intrinsics['%SharedDate%'];
  expectRejection(
    () => delete intrinsics['%SharedDate%'],
    () => (intrinsics['%SharedDate%'] = sharedDate),
    /%SharedDate%, which was not collected/,
  );
});

test('an intrinsic without a permit', () => {
  expectRejection(
    () => (intrinsics['%Stray%'] = {}),
    () => delete intrinsics['%Stray%'],
    /^lockdown: the intrinsic %Stray% has no entry in the permits table$/,
  );
});

test('an unknown property that cannot be removed (last: it stays)', () => {
  Object.defineProperty(Array.prototype, 'stuck', { value: 1, configurable: false });
  assert.throws(walk, {
    name: 'TypeError',
    message: 'lockdown: cannot remove %ArrayPrototype%.stuck: the property is not configurable',
  });
});
