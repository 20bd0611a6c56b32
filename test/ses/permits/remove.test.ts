// Removing unpermitted properties from this process's own realm (Node 20),
// after the stand-in tamings: unknown properties go and are reported by
// path, permitted ones stay, known extras go silently, and afterwards
// ordinary JavaScript and Node itself still work. The tests run in order
// and share the realm, which is changed for good: keep this file alone in
// its process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeIntrinsicsCollector, type Intrinsics } from '../../../src/ses/intrinsics.js';
import { permits } from '../../../src/ses/permits.js';
import { removeUnpermittedIntrinsics } from '../../../src/ses/remove-unpermitted.js';
import { applyStandInTamings } from './stand-in-tamings.js';

const ownKeysOf = (object: object) => Reflect.ownKeys(object).map(String).sort();

let intrinsics: Intrinsics;
let removed: string[];
const marked = new Set<Function>();

// Snapshots of permitted properties, taken before the walk.
const arrayPrototypeKeys = ownKeysOf(Array.prototype);
const objectKeys = ownKeysOf(Object);
const promisePrototypeKeys = ownKeysOf(Promise.prototype);
const typedArrayPrototypeKeys = ownKeysOf(Object.getPrototypeOf(Uint8Array.prototype));
const errorPrepareStackTrace = Error.prepareStackTrace;

const secret = Symbol('secret');

test('the walk removes unknown properties and returns exactly their paths', () => {
  const collector = makeIntrinsicsCollector(globalThis);
  for (const made of applyStandInTamings()) collector.addIntrinsics(made);
  intrinsics = collector.finalIntrinsics();

  // Unknown extras, as a newer engine or a polluting library would add.
  (Array.prototype as any).bogus = 1;
  (Map as any).bogusStatic = () => {};
  (JSON as any)[secret] = 'x';
  (Object.getPrototypeOf(function* () {}).prototype as any).peek = () => {};
  Object.defineProperty(Math, 'bogusConstant', { value: 7, writable: false, configurable: true });

  removed = removeUnpermittedIntrinsics(intrinsics, permits, fn => marked.add(fn));

  assert.deepEqual(removed.sort(), [
    '%ArrayPrototype%.bogus',
    '%GeneratorPrototype%.peek',
    '%InitialMath%.bogusConstant',
    'JSON.UniqueSymbol(secret)',
    'Map.bogusStatic',
  ]);
  assert.ok(!('bogus' in Array.prototype));
  assert.ok(!Object.hasOwn(Map, 'bogusStatic'));
  assert.ok(!(secret in JSON));
  assert.ok(!Object.hasOwn(Math, 'bogusConstant'));
});

test('permitted properties all stay', () => {
  assert.deepEqual(ownKeysOf(Array.prototype), arrayPrototypeKeys);
  assert.deepEqual(ownKeysOf(Object), objectKeys);
  assert.deepEqual(ownKeysOf(Promise.prototype), promisePrototypeKeys);
  assert.deepEqual(ownKeysOf(Object.getPrototypeOf(Uint8Array.prototype)), typedArrayPrototypeKeys);
  assert.equal(typeof Array.prototype.findLast, 'function');
  assert.equal(typeof Object.hasOwn, 'function');
  assert.equal(typeof Array.prototype[Symbol.unscopables], 'object');
  // Node 20's own extras on intrinsics that the permits keep (the error
  // taming, not this walk, deals with the original Error).
  assert.equal(Error.prepareStackTrace, errorPrepareStackTrace);
  assert.equal(typeof Error.captureStackTrace, 'function');
});

test('known extras are removed without being reported', () => {
  // Function.prototype.caller and .arguments, RegExp's legacy statics,
  // RegExp.prototype.compile, the inspect hook on TextEncoder.prototype.
  assert.ok(!Object.hasOwn(Function.prototype, 'caller'));
  assert.ok(!Object.hasOwn(Function.prototype, 'arguments'));
  assert.ok(!Object.hasOwn(RegExp, '$1'));
  assert.ok(!Object.hasOwn(RegExp, 'lastMatch'));
  assert.ok(!Object.hasOwn(RegExp.prototype, 'compile'));
  assert.ok(!Object.hasOwn(TextEncoder.prototype, Symbol.for('nodejs.util.inspect.custom')));
  for (const path of removed) assert.doesNotMatch(path, /caller|arguments|\$1|compile|inspect/);
});

test('the original evaluating constructors are dropped from the record', () => {
  assert.ok(!('%GeneratorFunction%' in intrinsics));
  assert.ok(!('%AsyncFunction%' in intrinsics));
  assert.ok(!('%AsyncGeneratorFunction%' in intrinsics));
  assert.equal(intrinsics['%Generator%'], Object.getPrototypeOf(function* () {}));
});

test('every function visited is handed to markVirtualizedNativeFunction', () => {
  for (const fn of [Array.prototype.map, Array, Object.keys, intrinsics['%ThrowTypeError%'], intrinsics['%SharedDate%']]) {
    assert.ok(marked.has(fn as Function), String((fn as Function).name));
  }
  const sizeGetter = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
  assert.ok(marked.has(sizeGetter));
});

test('a second walk finds nothing more to remove', () => {
  assert.deepEqual(removeUnpermittedIntrinsics(intrinsics, permits), []);
});

test('ordinary JavaScript still works after the removal', async () => {
  assert.deepEqual([3, 1, 2].map(x => x * 2).sort(), [2, 4, 6]);
  assert.deepEqual([1, [2, [3]]].flat(Infinity), [1, 2, 3]);
  assert.deepEqual(Array.from(new Set([1, 1, 2])), [1, 2]);
  const map = new Map([['a', 1]]);
  assert.deepEqual([...map.entries()], [['a', 1]]);
  function* count() {
    yield 1;
    yield 2;
  }
  assert.deepEqual([...count()], [1, 2]);
  const wait = async (x: number) => x + 1;
  assert.equal(await wait(1), 2);
  async function* pairs() {
    yield 'a';
    yield 'b';
  }
  const seen: string[] = [];
  for await (const value of pairs()) seen.push(value);
  assert.deepEqual(seen, ['a', 'b']);
  assert.deepEqual(await Promise.all([Promise.resolve(1), 2]), [1, 2]);
  assert.deepEqual(await Promise.allSettled([Promise.reject(Error('x'))]).then(r => r[0]!.status), 'rejected');
  const bytes = new Uint8Array([1, 2, 3]);
  assert.deepEqual([...bytes.subarray(1)], [2, 3]);
  assert.equal(new DataView(bytes.buffer).getUint8(2), 3);
  assert.equal(new TextDecoder().decode(new TextEncoder().encode('héllo')), 'héllo');
  assert.deepEqual(JSON.parse(JSON.stringify({ a: [1, 'b'] })), { a: [1, 'b'] });
  assert.deepEqual('a1b22'.match(/\d+/g), ['1', '22']);
  assert.deepEqual([...'x1y2'.matchAll(/\d/g)].map(m => m[0]), ['1', '2']);
  assert.equal('abc'.replace(/b/, 'B'), 'aBc');
  assert.equal(new Intl.NumberFormat('en-US').format(1234.5), '1,234.5');
  assert.equal(new Date(0).toISOString(), '1970-01-01T00:00:00.000Z');
  assert.equal(typeof Date.now(), 'number');
  assert.equal(typeof Math.random(), 'number');
  assert.throws(() => (null as any).x, TypeError);
  assert.equal(Symbol.for('k'), Symbol.for('k'));
  assert.equal(10n ** 20n, 100000000000000000000n);
  const weak = new WeakMap<object, number>();
  const key = {};
  weak.set(key, 1);
  assert.equal(weak.get(key), 1);
  assert.equal((new Proxy({}, { get: () => 5 }) as any).x, 5);
  assert.equal(Reflect.ownKeys({ a: 1 }).length, 1);
});

test('Node itself still works after the removal', async () => {
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  assert.match(text, /Node itself still works/);
  assert.equal(Buffer.from('hi').toString('hex'), '6869');
  await new Promise(resolve => setTimeout(resolve, 1));
  assert.equal(typeof structuredClone({ a: 1 }).a, 'number');
  const url = new URL('https://example.com/a?b=1');
  assert.equal(url.searchParams.get('b'), '1');
  // util.inspect, which the test runner and console use.
  const { inspect } = await import('node:util');
  assert.equal(inspect(new Map([[1, 2]])), 'Map(1) { 1 => 2 }');
  assert.match(inspect(new TextEncoder()), /TextEncoder/);
});
