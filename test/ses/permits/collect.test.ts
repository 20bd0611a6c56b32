// Collecting the intrinsics of this process's realm (Node 20): every
// permitted intrinsic the engine has is found, the anonymous ones are the
// right objects, collection changes nothing, and the collector refuses
// unknown or conflicting additions. The last test applies the stand-in
// tamings, so this file must keep its own process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectIntrinsics,
  getAnonymousIntrinsics,
  listAbsentIntrinsics,
  makeIntrinsicsCollector,
} from '../../../src/ses/intrinsics.js';
import { initialGlobalPropertyNames, universalPropertyNames } from '../../../src/ses/permits.js';
import { applyStandInTamings } from './stand-in-tamings.js';

const { getPrototypeOf } = Object;

// Permitted intrinsics that Node 20 itself lacks (proposals, Temporal,
// shims that are not installed) or that are never collected (the
// per-compartment '%Unique...%' ones, and the ones the table removes).
const absentOnNode20 = [
  '%UniqueEval%',
  '%UniqueFunction%',
  'Float16Array',
  '%Float16ArrayPrototype%',
  'SharedArrayBuffer',
  '%SharedArrayBufferPrototype%',
  'Atomics',
  'Iterator',
  '%WrapForValidIteratorPrototype%',
  '%IteratorHelperPrototype%',
  'AsyncIterator',
  '%WrapForValidAsyncIteratorPrototype%',
  '%AsyncIteratorHelperPrototype%',
  'HandledPromise',
  'ModuleSource',
  '%ModuleSourcePrototype%',
  '%AbstractModuleSource%',
  '%AbstractModuleSourcePrototype%',
  '%Temporal.PlainDate%',
  '%Temporal.PlainDatePrototype%',
  '%Temporal.PlainTime%',
  '%Temporal.PlainTimePrototype%',
  '%Temporal.PlainDateTime%',
  '%Temporal.PlainDateTimePrototype%',
  '%Temporal.ZonedDateTime%',
  '%Temporal.ZonedDateTimePrototype%',
  '%Temporal.Duration%',
  '%Temporal.DurationPrototype%',
  '%Temporal.Instant%',
  '%Temporal.InstantPrototype%',
  '%Temporal.PlainYearMonth%',
  '%Temporal.PlainYearMonthPrototype%',
  '%Temporal.PlainMonthDay%',
  '%Temporal.PlainMonthDayPrototype%',
  '%Temporal.Now%',
  '%InitialTemporal%',
  '%SharedTemporal%',
  // Added by lockdown from the compartment code.
  'Compartment',
  '%UniqueCompartment%',
  '%InertCompartment%',
  '%CompartmentPrototype%',
];

// Made by the tamings (and by lockdown: harden, lockdown) after collection.
const madeByTamings = [
  '%InertFunction%',
  '%InertGeneratorFunction%',
  '%InertAsyncFunction%',
  '%InertAsyncGeneratorFunction%',
  '%InitialError%',
  '%SharedError%',
  '%ErrorPrototype%',
  '%InitialGetStackString%',
  '%InitialDate%',
  '%SharedDate%',
  '%DatePrototype%',
  '%InitialMath%',
  '%SharedMath%',
  '%InitialRegExp%',
  '%SharedRegExp%',
  '%RegExpPrototype%',
  '%SharedSymbol%',
  '%SymbolPrototype%',
  'harden',
  'lockdown',
];

test('collection finds every permitted intrinsic of Node 20 except those the tamings make', () => {
  const intrinsics = collectIntrinsics(globalThis);
  assert.deepEqual(listAbsentIntrinsics(intrinsics).sort(), [...absentOnNode20, ...madeByTamings].sort());
});

test('each sampled global is collected under its intrinsic name, by identity', () => {
  const intrinsics = collectIntrinsics(globalThis);
  for (const [globalName, intrinsicName] of Object.entries(universalPropertyNames)) {
    if (globalName in globalThis) {
      assert.equal(intrinsics[intrinsicName], (globalThis as any)[globalName], globalName);
    }
  }
  // Node defines these as lazy getters on the global object.
  assert.equal(intrinsics.TextEncoder, TextEncoder);
  assert.equal(intrinsics.TextDecoder, TextDecoder);
  // Untamed start-compartment names are collected too; tamed ones are not.
  assert.equal(intrinsics.Float32Array, Float32Array);
  assert.equal(intrinsics.Float64Array, Float64Array);
  assert.equal(initialGlobalPropertyNames.Date, '%InitialDate%');
  assert.ok(!('%InitialDate%' in intrinsics));
  assert.ok(Number.isNaN(intrinsics.NaN));
  assert.equal(intrinsics.Infinity, Infinity);
  assert.ok('undefined' in intrinsics);
});

test('the anonymous intrinsics are the objects reflection reaches', () => {
  const found = getAnonymousIntrinsics();
  const strictArgs = (function (this: unknown) {
    return arguments;
  })();
  assert.equal(found['%ThrowTypeError%'], Object.getOwnPropertyDescriptor(strictArgs, 'callee')!.get);
  assert.throws(() => (found['%ThrowTypeError%'] as Function)(), TypeError);
  assert.equal(found['%ArrayIteratorPrototype%'], getPrototypeOf([].values()));
  assert.equal(found['%IteratorPrototype%'], getPrototypeOf(getPrototypeOf([].values())));
  assert.equal(found['%StringIteratorPrototype%'], getPrototypeOf('x'[Symbol.iterator]()));
  assert.equal(found['%MapIteratorPrototype%'], getPrototypeOf(new Map().keys()));
  assert.equal(found['%SetIteratorPrototype%'], getPrototypeOf(new Set().values()));
  assert.equal(found['%RegExpStringIteratorPrototype%'], getPrototypeOf('a'.matchAll(/a/g)));
  assert.equal(found['%TypedArray%'], getPrototypeOf(Uint8Array));
  const generator = function* () {};
  assert.equal(found['%Generator%'], getPrototypeOf(generator));
  // A generator object inherits from its function's own prototype, which
  // inherits from %GeneratorPrototype%.
  assert.equal(found['%GeneratorPrototype%'], getPrototypeOf(getPrototypeOf(generator())));
  assert.equal(found['%GeneratorFunction%'], generator.constructor);
  const asyncFunction = async function () {};
  assert.equal(found['%AsyncFunctionPrototype%'], getPrototypeOf(asyncFunction));
  assert.equal(found['%AsyncFunction%'], asyncFunction.constructor);
  const asyncGenerator = async function* () {};
  assert.equal(found['%AsyncGenerator%'], getPrototypeOf(asyncGenerator));
  assert.equal(found['%AsyncGeneratorPrototype%'], getPrototypeOf(getPrototypeOf(asyncGenerator())));
  assert.equal(found['%AsyncIteratorPrototype%'], getPrototypeOf(found['%AsyncGeneratorPrototype%']));
  assert.equal(typeof (found['%AsyncIteratorPrototype%'] as any)[Symbol.asyncIterator], 'function');
  assert.equal(found['%AsyncGeneratorFunction%'], asyncGenerator.constructor);
  // Node 20 has no iterator helpers.
  assert.ok(!('%IteratorHelperPrototype%' in found));
});

test('the .prototype of each collected constructor is bound under its permitted name', () => {
  const intrinsics = collectIntrinsics(globalThis);
  assert.equal(intrinsics['%ArrayPrototype%'], Array.prototype);
  assert.equal(intrinsics['%ObjectPrototype%'], Object.prototype);
  assert.equal(intrinsics['%TypedArrayPrototype%'], getPrototypeOf(Uint8Array.prototype));
  assert.equal(intrinsics['%Uint8ArrayPrototype%'], Uint8Array.prototype);
  assert.equal(intrinsics['%Float64ArrayPrototype%'], Float64Array.prototype);
  assert.equal(intrinsics['%TextEncoderPrototype%'], TextEncoder.prototype);
  assert.equal(intrinsics['%AggregateErrorPrototype%'], AggregateError.prototype);
  assert.equal(intrinsics['%PromisePrototype%'], Promise.prototype);
});

test('collection changes nothing in the realm', () => {
  const before = Reflect.ownKeys(Array.prototype).length + Reflect.ownKeys(Function.prototype).length;
  const generatorConstructor = getPrototypeOf(function* () {}).constructor;
  collectIntrinsics(globalThis);
  assert.equal(Reflect.ownKeys(Array.prototype).length + Reflect.ownKeys(Function.prototype).length, before);
  assert.equal(getPrototypeOf(function* () {}).constructor, generatorConstructor);
  assert.equal(typeof Function.prototype.constructor, 'function');
  assert.ok(!Object.isFrozen(Array.prototype));
});

test('the collector refuses intrinsics the table does not know, and conflicting definitions', () => {
  const collector = makeIntrinsicsCollector(globalThis);
  assert.throws(() => collector.addIntrinsics({ '%Bogus%': {} }), {
    name: 'TypeError',
    message: /%Bogus% has no entry in the permits table/,
  });
  assert.throws(() => collector.addIntrinsics({ Array: Object }), {
    name: 'TypeError',
    message: 'Conflicting definitions of intrinsic Array',
  });
  // The same value again is fine.
  collector.addIntrinsics({ Array });
});

test('after the tamings add theirs, only what Node 20 lacks is absent', () => {
  const collector = makeIntrinsicsCollector(globalThis);
  for (const made of applyStandInTamings()) collector.addIntrinsics(made);
  const intrinsics = collector.finalIntrinsics();
  assert.deepEqual(listAbsentIntrinsics(intrinsics).sort(), [...absentOnNode20].sort());
  assert.equal(intrinsics['%DatePrototype%'], Date.prototype);
  assert.equal(intrinsics['%ErrorPrototype%'], Error.prototype);
  assert.equal(intrinsics['%FunctionPrototype%'], Function.prototype);
});
