// The accessor pairs that enablePropertyOverrides installs: what reflection
// sees, what the getter and setter do, what overrideDebug reports, and that
// they survive harden. Most checks use stand-in intrinsics; the last ones
// apply 'moderate' to this realm's own intrinsics and harden them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enablePropertyOverrides } from '../../../src/ses/enable-property-overrides.js';
import { minEnablements, moderateEnablements, severeEnablements } from '../../../src/ses/override-enablements.js';
import { makeHardener } from '../../../src/ses/make-hardener.js';
import { collectOverrideIntrinsics } from './test-intrinsics.js';

/** Stand-ins for %ObjectPrototype% and %TypedArrayPrototype%, with the data properties the plans name. */
const makeStandIns = () => {
  const objectPrototype = {
    toString() {
      return 'standing in';
    },
    valueOf() {
      return 1;
    },
    hasOwnProperty() {
      return true;
    },
  };
  const typedArrayPrototype = { set() {}, fill() {} };
  return {
    intrinsics: { '%ObjectPrototype%': objectPrototype, '%TypedArrayPrototype%': typedArrayPrototype },
    objectPrototype,
    typedArrayPrototype,
  };
};

test('an enabled property becomes a named accessor pair whose getter returns the original value', () => {
  const { intrinsics, objectPrototype } = makeStandIns();
  const original = objectPrototype.toString;
  enablePropertyOverrides(intrinsics, 'moderate');
  const desc = Object.getOwnPropertyDescriptor(objectPrototype, 'toString')!;
  assert.equal(typeof desc.get, 'function');
  assert.equal(typeof desc.set, 'function');
  assert.equal(desc.enumerable, true, 'enumerability kept from the data property');
  assert.equal(desc.configurable, true);
  assert.equal(desc.get!.name, 'get toString');
  assert.equal(desc.set!.name, 'set toString');
  assert.equal((desc.get as any).originalValue, original);
  assert.deepEqual(Object.getOwnPropertyDescriptor(desc.get, 'originalValue'), {
    value: original,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  assert.equal(objectPrototype.toString, original);
  assert.equal(`${Object.create(objectPrototype)}`, 'standing in');
  // Accessors from a literal: no prototype property, not constructible.
  assert.equal(Object.hasOwn(desc.get!, 'prototype'), false);
  assert.throws(() => new (desc.set as any)(), TypeError);
});

test('the setter defines an own data property on an inheriting object, and throws on the intrinsic', () => {
  const { intrinsics, objectPrototype } = makeStandIns();
  enablePropertyOverrides(intrinsics, 'moderate');
  const child = Object.create(objectPrototype);
  const mine = () => 'mine';
  child.toString = mine;
  assert.deepEqual(Object.getOwnPropertyDescriptor(child, 'toString'), {
    value: mine,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  assert.equal(`${child}`, 'mine');
  assert.throws(
    () => {
      (objectPrototype as any).toString = mine;
    },
    { name: 'TypeError', message: "Cannot assign to read only property 'toString' of 'root.%ObjectPrototype%.toString'" },
  );
  assert.notEqual(objectPrototype.toString, mine);
});

test("a '*' entry enables every own data property and names the intrinsic in its message", () => {
  const { intrinsics, typedArrayPrototype } = makeStandIns();
  enablePropertyOverrides(intrinsics, 'moderate');
  for (const key of ['set', 'fill']) {
    assert.equal(typeof Object.getOwnPropertyDescriptor(typedArrayPrototype, key)!.get, 'function', key);
  }
  assert.throws(
    () => {
      (typedArrayPrototype as any).fill = null;
    },
    { name: 'TypeError', message: "Cannot assign to read only property 'fill' of 'root.%TypedArrayPrototype%'" },
  );
});

test('properties outside the plan stay data properties; severe takes all of Object.prototype', () => {
  const moderate = makeStandIns();
  enablePropertyOverrides(moderate.intrinsics, 'moderate');
  assert.equal(Object.getOwnPropertyDescriptor(moderate.objectPrototype, 'hasOwnProperty')!.writable, true);
  const min = makeStandIns();
  enablePropertyOverrides(min.intrinsics, 'min');
  assert.equal(Object.getOwnPropertyDescriptor(min.objectPrototype, 'valueOf')!.writable, true);
  assert.equal(typeof Object.getOwnPropertyDescriptor(min.objectPrototype, 'toString')!.get, 'function');
  const severe = makeStandIns();
  enablePropertyOverrides(severe.intrinsics, 'severe');
  assert.equal(typeof Object.getOwnPropertyDescriptor(severe.objectPrototype, 'hasOwnProperty')!.get, 'function');
});

test('non-configurable properties, accessors and absent intrinsics are left alone', () => {
  const getter = () => 'accessor';
  const objectPrototype = {};
  Object.defineProperty(objectPrototype, 'toString', { value: () => 'fixed', writable: false, configurable: false });
  Object.defineProperty(objectPrototype, 'valueOf', { get: getter, configurable: true });
  enablePropertyOverrides({ '%ObjectPrototype%': objectPrototype }, 'moderate');
  assert.equal(Object.getOwnPropertyDescriptor(objectPrototype, 'toString')!.configurable, false);
  assert.equal(Object.getOwnPropertyDescriptor(objectPrototype, 'valueOf')!.get, getter);
});

test('assigning through super to an object that already has the property assigns it', () => {
  const { intrinsics, objectPrototype } = makeStandIns();
  enablePropertyOverrides(intrinsics, 'moderate');
  const base = Object.create(objectPrototype);
  const derived = {
    __proto__: base,
    replace(value: unknown) {
      super.toString = value;
    },
  } as any;
  derived.toString = () => 'first';
  const second = () => 'second';
  derived.replace(second);
  assert.equal(derived.toString, second);
  assert.equal(Object.hasOwn(base, 'toString'), false);
});

test('overrideDebug reports each override of a listed name through warn', () => {
  const { intrinsics, objectPrototype } = makeStandIns();
  const warnings: string[] = [];
  enablePropertyOverrides(intrinsics, 'moderate', ['toString'], message => warnings.push(message));
  const child = Object.create(objectPrototype);
  child.toString = () => 'x';
  child.valueOf = () => 2; // enabled, but not listed
  child.toString = () => 'y'; // already own: plain assignment, no report
  assert.deepEqual(warnings, ['Override property toString']);
});

test('an unknown overrideTaming is refused', () => {
  assert.throws(() => enablePropertyOverrides({}, 'extreme' as any), {
    name: 'TypeError',
    message: /overrideTaming must be 'moderate', 'min' or 'severe', got extreme/,
  });
});

test('the plans are cumulative: min within moderate within severe', () => {
  const covers = (outer: any, inner: any) => {
    for (const name of Object.keys(inner)) {
      if (outer[name] === '*') continue;
      assert.notEqual(inner[name], '*', name);
      for (const key of inner[name]) assert.ok(outer[name].includes(key), `${name} ${String(key)}`);
    }
  };
  covers(moderateEnablements, minEnablements);
  covers(severeEnablements, moderateEnablements);
  assert.equal(severeEnablements['%ObjectPrototype%'], '*');
  assert.ok(Object.isFrozen(moderateEnablements) && Object.isFrozen(moderateEnablements['%ArrayPrototype%']));
});

test("on this realm's intrinsics, 'moderate' then harden: overriding still works and everything is frozen", () => {
  const intrinsics = collectOverrideIntrinsics();
  const originalToString = Object.prototype.toString;
  enablePropertyOverrides(intrinsics, 'moderate');
  const harden = makeHardener();
  harden(intrinsics);

  const desc = Object.getOwnPropertyDescriptor(Object.prototype, 'toString')!;
  assert.ok(Object.isFrozen(desc.get) && Object.isFrozen(desc.set), 'harden walked the getter and setter');
  assert.ok(Object.isFrozen((desc.get as any).originalValue), 'and the original value through the getter');
  assert.equal(desc.configurable, false);
  assert.equal(Object.prototype.toString, originalToString);

  const record: any = {};
  record.toString = () => 'record';
  assert.equal(`${record}`, 'record');
  assert.throws(() => {
    (Object.prototype as any).toString = () => 'hijacked';
  }, TypeError);

  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  const point: any = new Point(1, 2);
  point.constructor = Object; // Point.prototype is not an intrinsic: ordinary
  assert.equal(point.constructor, Object);

  const error: any = new TypeError();
  error.message = 'later';
  error.name = 'Custom';
  assert.equal(`${error}`, 'Custom: later');
  const values: any = [1, 2];
  values.push = () => 0;
  assert.equal(values.push(3), 0);
});
