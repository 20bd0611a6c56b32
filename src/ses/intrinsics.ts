// Gathers the intrinsics that lockdown checks against the permits table and
// then hardens: the named globals (by the name lists of permits.ts), the
// anonymous intrinsics that only reflection reaches (iterator prototypes,
// %TypedArray%, the generator and async function prototypes, ...), the
// intrinsics that tamings make (added through the collector), and finally
// the `.prototype` of each constructor under the name its permit gives.
//
// Collection only reads: it never changes the realm. The result is a plain
// null-prototype record, intrinsic name -> value.

import { create, getOwnPropertyDescriptor, getPrototypeOf, globalThisRef, is, isObject, objectHasOwn } from './commons.js';
import {
  constantProperties,
  functionKindNames,
  initialGlobalPropertyNames,
  permits as defaultPermits,
  primitiveTypeNames,
  universalPropertyNames,
  type Permit,
} from './permits.js';

export type Intrinsics = Record<string, unknown>;

export interface IntrinsicsCollector {
  /**
   * Adds intrinsics made by a taming (or by lockdown itself, like harden).
   * Throws if a name has no permit, or is already bound to another value.
   */
  addIntrinsics(newIntrinsics: object): void;
  /**
   * Binds the `.prototype` of every collected constructor under the name
   * its permit gives ('%ArrayPrototype%', ...) and returns the record.
   * Call it after every taming has added its intrinsics.
   */
  finalIntrinsics(): Intrinsics;
}

export interface CollectorOptions {
  permits?: Readonly<Record<string, Permit>>;
  /** Global name -> intrinsic name, sampled from the global object. */
  universalNames?: Record<string, string>;
  /**
   * The start compartment's names. Only the entries whose intrinsic name is
   * the global name itself (Float32Array, ...) are sampled: the '%...%'
   * ones (%InitialDate%, ...) are made by tamings.
   */
  initialNames?: Record<string, string>;
}

/** Whether a permit string names an intrinsic (rather than a type or a function kind). */
export const isIntrinsicName = (permit: unknown): permit is string =>
  typeof permit === 'string' &&
  !(primitiveTypeNames as readonly string[]).includes(permit) &&
  !(functionKindNames as readonly string[]).includes(permit);

const isTamedName = (intrinsicName: string) => intrinsicName.startsWith('%') && intrinsicName.endsWith('%');

/** The value of an own data property, or undefined (runs no getter). */
const ownDataValue = (object: object, name: PropertyKey): unknown => {
  const desc = getOwnPropertyDescriptor(object, name);
  return desc !== undefined && objectHasOwn(desc, 'value') ? desc.value : undefined;
};

/** Samples `globalObject` for each global name of `names` that it has. */
const sampleGlobals = (globalObject: object, names: Record<string, string>, onlyUntamed: boolean): Intrinsics => {
  const sampled: Intrinsics = create(null);
  for (const [globalName, intrinsicName] of Object.entries(names)) {
    if (onlyUntamed && isTamedName(intrinsicName)) continue;
    if (!objectHasOwn(globalObject, globalName)) continue;
    // A plain read: Node defines some globals (TextEncoder, ...) as lazy getters.
    const value = (globalObject as Record<string, unknown>)[globalName];
    if (value !== undefined) sampled[intrinsicName] = value;
  }
  return sampled;
};

// A strict function's arguments object has a `callee` accessor whose getter
// is %ThrowTypeError% (this module is strict, being an ES module).
function strictArguments(): IArguments {
  return arguments;
}

/** Iterator and AsyncIterator of engines with iterator helpers (not in the ES2023 lib). */
type IteratorConstructorLike = Function & { from(iterable: object): { take(n: number): object } };

/**
 * The intrinsics of the current realm that no global name reaches. Found
 * by reflection on values that syntax makes, so the taming of a global
 * (for instance Function) cannot hide them.
 */
export const getAnonymousIntrinsics = (): Intrinsics => {
  const found: Intrinsics = create(null);

  found['%ThrowTypeError%'] = getOwnPropertyDescriptor(strictArguments(), 'callee')?.get;
  found['%FunctionPrototype%'] = getPrototypeOf(function () {});

  const arrayIteratorPrototype = getPrototypeOf([][Symbol.iterator]());
  found['%ArrayIteratorPrototype%'] = arrayIteratorPrototype;
  found['%IteratorPrototype%'] = getPrototypeOf(arrayIteratorPrototype);
  found['%StringIteratorPrototype%'] = getPrototypeOf(''[Symbol.iterator]());
  found['%MapIteratorPrototype%'] = getPrototypeOf(new Map()[Symbol.iterator]());
  found['%SetIteratorPrototype%'] = getPrototypeOf(new Set()[Symbol.iterator]());
  // RegExp.prototype[@@matchAll] accepts a non-global regexp, unlike String.prototype.matchAll.
  found['%RegExpStringIteratorPrototype%'] = getPrototypeOf(RegExp.prototype[Symbol.matchAll].call(/./, ''));
  found['%TypedArray%'] = getPrototypeOf(Int8Array);

  // The constructors reached through `.constructor` may already be the inert
  // replacements if the function taming ran first; the prototypes are the
  // same either way.
  const generatorFunctionPrototype = getPrototypeOf(function* () {});
  found['%Generator%'] = generatorFunctionPrototype;
  found['%GeneratorPrototype%'] = generatorFunctionPrototype.prototype;
  found['%GeneratorFunction%'] = generatorFunctionPrototype.constructor;

  const asyncFunctionPrototype = getPrototypeOf(async function () {});
  found['%AsyncFunctionPrototype%'] = asyncFunctionPrototype;
  found['%AsyncFunction%'] = asyncFunctionPrototype.constructor;

  const asyncGeneratorFunctionPrototype = getPrototypeOf(async function* () {});
  const asyncGeneratorPrototype = asyncGeneratorFunctionPrototype.prototype;
  found['%AsyncGenerator%'] = asyncGeneratorFunctionPrototype;
  found['%AsyncGeneratorPrototype%'] = asyncGeneratorPrototype;
  found['%AsyncGeneratorFunction%'] = asyncGeneratorFunctionPrototype.constructor;
  found['%AsyncIteratorPrototype%'] = getPrototypeOf(asyncGeneratorPrototype);

  // Iterator helpers (newer engines): the helper and wrapper prototypes.
  const Iterator = ownDataValue(globalThisRef, 'Iterator') as IteratorConstructorLike | undefined;
  if (typeof Iterator === 'function') {
    found['%IteratorHelperPrototype%'] = getPrototypeOf(Iterator.from([]).take(0));
    found['%WrapForValidIteratorPrototype%'] = getPrototypeOf(Iterator.from({ next: () => ({ done: true, value: undefined }) }));
  }
  const AsyncIterator = ownDataValue(globalThisRef, 'AsyncIterator') as IteratorConstructorLike | undefined;
  if (typeof AsyncIterator === 'function') {
    found['%AsyncIteratorHelperPrototype%'] = getPrototypeOf(AsyncIterator.from([]).take(0));
    found['%WrapForValidAsyncIteratorPrototype%'] = getPrototypeOf(
      AsyncIterator.from({ next: () => Promise.resolve({ done: true, value: undefined }) }),
    );
  }

  // A module-source shim's ModuleSource may inherit from an abstract base.
  const ModuleSource = ownDataValue(globalThisRef, 'ModuleSource');
  if (typeof ModuleSource === 'function') {
    const AbstractModuleSource = getPrototypeOf(ModuleSource);
    if (AbstractModuleSource !== found['%FunctionPrototype%']) {
      found['%AbstractModuleSource%'] = AbstractModuleSource;
    }
  }

  for (const name of Object.keys(found)) {
    if (found[name] === undefined) delete found[name];
  }
  return found;
};

/**
 * Binds the `.prototype` of every intrinsic under the name its permit gives
 * ('%ArrayPrototype%', '%DatePrototype%', ...), in place. Idempotent, so both
 * the collector and the permits walk call it. Throws if a name is already
 * bound to another object.
 */
export const completePrototypes = (
  intrinsics: Intrinsics,
  permits: Readonly<Record<string, Permit>> = defaultPermits,
): void => {
  // Repeat until nothing new: a new prototype may itself be a constructor
  // with a prototype of its own.
  let added = true;
  while (added) {
    added = false;
    for (const name of Object.keys(intrinsics)) {
      const intrinsic = intrinsics[name];
      if (!isObject(intrinsic) || !objectHasOwn(intrinsic, 'prototype')) continue;
      const permit = objectHasOwn(permits, name) ? permits[name] : undefined;
      if (!isObject(permit) || Array.isArray(permit)) continue;
      const prototypeName = (permit as Record<string, unknown>).prototype;
      if (!isIntrinsicName(prototypeName)) continue; // not permitted: the walk removes it
      const prototype = ownDataValue(intrinsic, 'prototype');
      if (objectHasOwn(intrinsics, prototypeName)) {
        if (intrinsics[prototypeName] !== prototype) {
          throw TypeError(`Conflicting bindings of ${prototypeName}: ${name}.prototype is another object`);
        }
        continue;
      }
      if (!objectHasOwn(permits, prototypeName)) {
        throw TypeError(`Intrinsic ${prototypeName} (${name}.prototype) has no entry in the permits table`);
      }
      intrinsics[prototypeName] = prototype;
      added = true;
    }
  }
};

/**
 * Starts a collection with the constants, the named globals of
 * `globalObject` (which must be the current realm's global, since the
 * anonymous intrinsics come from this realm) and the anonymous intrinsics.
 */
export const makeIntrinsicsCollector = (
  globalObject: object = globalThisRef,
  {
    permits = defaultPermits,
    universalNames = universalPropertyNames,
    initialNames = initialGlobalPropertyNames,
  }: CollectorOptions = {},
): IntrinsicsCollector => {
  const intrinsics: Intrinsics = create(null);

  const addIntrinsics = (newIntrinsics: object): void => {
    for (const name of Object.keys(newIntrinsics)) {
      const value = (newIntrinsics as Record<string, unknown>)[name];
      if (!objectHasOwn(permits, name)) {
        throw TypeError(`Intrinsic ${name} has no entry in the permits table (src/ses/permits.ts)`);
      }
      if (objectHasOwn(intrinsics, name) && !is(intrinsics[name], value)) {
        throw TypeError(`Conflicting definitions of intrinsic ${name}`);
      }
      intrinsics[name] = value;
    }
  };

  const finalIntrinsics = (): Intrinsics => {
    completePrototypes(intrinsics, permits);
    return intrinsics;
  };

  addIntrinsics(constantProperties);
  addIntrinsics(sampleGlobals(globalObject, universalNames, false));
  addIntrinsics(sampleGlobals(globalObject, initialNames, true));
  addIntrinsics(getAnonymousIntrinsics());

  return { addIntrinsics, finalIntrinsics };
};

/**
 * The intrinsics of the current realm without any taming's additions:
 * collect, then complete the prototypes.
 */
export const collectIntrinsics = (
  globalObject: object = globalThisRef,
  universalNames: Record<string, string> = universalPropertyNames,
  initialNames: Record<string, string> = initialGlobalPropertyNames,
): Intrinsics => makeIntrinsicsCollector(globalObject, { universalNames, initialNames }).finalIntrinsics();

/**
 * The permitted intrinsic names that this engine (or this collection) does
 * not have: proposals not shipped yet, Temporal, the per-compartment
 * '%Unique...%' names, and the known-removed ones.
 */
export const listAbsentIntrinsics = (
  intrinsics: Intrinsics,
  permits: Readonly<Record<string, Permit>> = defaultPermits,
): string[] => Object.keys(permits).filter(name => !objectHasOwn(intrinsics, name));
