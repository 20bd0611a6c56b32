// Compatibility: the override mistake. After lockdown() the shared prototypes
// are frozen, and under the language rules assigning `obj.toString = f` on an
// object that merely inherits a frozen `toString` throws in strict code.
// Lockdown's default ('moderate') override taming turns the common cases
// back into ordinary assignments; these are the patterns libraries use. This
// module is strict (an ES module), as is most code that trips on it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../../src/ses/index.js';

lockdown();

test('assigning toString and valueOf on a plain object', () => {
  const money: Record<string, unknown> = { cents: 150 };
  money.toString = () => '$1.50';
  money.valueOf = () => 150;
  assert.equal(`${money}`, '$1.50');
  assert.equal(+money, 150);
  assert.equal(Object.hasOwn(money, 'toString'), true);
  assert.equal(Object.prototype.toString.call({}), '[object Object]');
});

test('a constructor function whose prototype gets methods by assignment', () => {
  function Point(this: any, x: number) {
    this.x = x;
  }
  Point.prototype.toString = function (this: any) {
    return `Point(${this.x})`;
  };
  Point.prototype.valueOf = function (this: any) {
    return this.x;
  };
  Point.prototype.constructor = Point;
  const p = new (Point as any)(3);
  assert.equal(String(p), 'Point(3)');
  assert.equal(p + 1, 4);
  assert.equal(p.constructor, Point);
});

test('classic inheritance with Object.create and constructor assignment', () => {
  function Animal(this: any, name: string) {
    this.name = name;
  }
  Animal.prototype.speak = function (this: any) {
    return `${this.name} makes a sound`;
  };
  function Dog(this: any, name: string) {
    Animal.call(this, name);
  }
  Dog.prototype = Object.create(Animal.prototype);
  Dog.prototype.constructor = Dog;
  Dog.prototype.toString = function (this: any) {
    return `Dog ${this.name}`;
  };
  const d = new (Dog as any)('Rex');
  assert.equal(d.speak(), 'Rex makes a sound');
  assert.equal(`${d}`, 'Dog Rex');
  assert.equal(d.constructor, Dog);
  assert.equal(d instanceof Animal, true);
});

test('an object made with Object.create(proto) then assigned', () => {
  const proto = { greet() { return 'hi'; } };
  const o = Object.create(proto);
  o.toString = () => 'custom';
  o.valueOf = () => 42;
  o.name = 'named';
  assert.equal(`${o}`, 'custom');
  assert.equal(o * 1, 42);
  assert.equal(o.name, 'named');
});

test('classes: instance and prototype assignments of toString, name and constructor', () => {
  class Base {
    toString() {
      return 'Base';
    }
  }
  class Derived extends Base {}
  (Derived.prototype as any).toString = () => 'Derived';
  const instance = new Derived() as any;
  instance.toString = () => 'instance';
  assert.equal(`${instance}`, 'instance');
  assert.equal(`${new Derived()}`, 'Derived');
  const fn = function original() {} as any;
  fn.toString = () => 'source hidden';
  assert.equal(`${fn}`, 'source hidden');
});

test('error subclasses assign name and message on their prototype and instances', () => {
  function LegacyError(this: any, message: string) {
    this.message = message;
  }
  LegacyError.prototype = Object.create(Error.prototype);
  LegacyError.prototype.name = 'LegacyError';
  LegacyError.prototype.constructor = LegacyError;
  const e = new (LegacyError as any)('old style');
  assert.equal(e.name, 'LegacyError');
  assert.equal(String(e), 'LegacyError: old style');

  class HttpError extends TypeError {}
  HttpError.prototype.name = 'HttpError';
  const h = new HttpError('404');
  h.message = 'not found';
  assert.equal(`${h}`, 'HttpError: not found');
  assert.equal(Error.prototype.name, 'Error');
  assert.equal(TypeError.prototype.name, 'TypeError');
});

test('functions get constructor and bind by assignment (regenerator-runtime, underscore)', () => {
  const generatorFunction = function* () {} as any;
  const fn = function () {} as any;
  fn.constructor = generatorFunction;
  fn.bind = () => 'custom bind';
  assert.equal(fn.constructor, generatorFunction);
  assert.equal(fn.bind(), 'custom bind');
  assert.notEqual(Function.prototype.bind, fn.bind);
});

test('arrays get push and toString by assignment', () => {
  const queue: any = [];
  const pushed: unknown[] = [];
  queue.push = (item: unknown) => pushed.push(item);
  queue.toString = () => 'queue';
  queue.push(1);
  assert.deepEqual(pushed, [1]);
  assert.equal(`${queue}`, 'queue');
  assert.equal([1, 2].toString(), '1,2');
});

test('the shared prototypes themselves still refuse the assignment', () => {
  assert.throws(() => {
    (Object.prototype as any).toString = () => 'x';
  }, TypeError);
  assert.throws(() => {
    (Array.prototype as any).push = () => 0;
  }, TypeError);
  assert.throws(() => {
    (Error.prototype as any).name = 'x';
  }, TypeError);
  assert.equal(Object.prototype.toString.call([]), '[object Array]');
});
