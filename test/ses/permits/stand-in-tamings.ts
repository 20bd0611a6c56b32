// Test scaffolding: the smallest tamings that give the permits walk the
// intrinsics it expects from the real tamings (%InertFunction%,
// %SharedDate%, %SharedError%, ...), with the shapes the permits table
// describes. They let the tests run removeUnpermittedIntrinsics on this
// process's real realm without depending on the other tamings' code. They
// change the realm: use them only in a test file that owns its process.

const { defineProperty, defineProperties, getOwnPropertyDescriptor, getOwnPropertyDescriptors, getPrototypeOf, setPrototypeOf } = Object;

const fixPrototype = (constructor: Function, prototype: object) =>
  defineProperty(constructor, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });

const setConstructor = (prototype: object, constructor: Function) =>
  defineProperty(prototype, 'constructor', { value: constructor, writable: true, enumerable: false, configurable: true });

/** Replaces each evaluator constructor reachable from a prototype by an inert one. */
const tameFunctionConstructors = (): Record<string, unknown> => {
  const prototypes: [string, object][] = [
    ['%InertFunction%', Function.prototype],
    ['%InertGeneratorFunction%', getPrototypeOf(function* () {})],
    ['%InertAsyncFunction%', getPrototypeOf(async function () {})],
    ['%InertAsyncGeneratorFunction%', getPrototypeOf(async function* () {})],
  ];
  const made: Record<string, unknown> = {};
  let inertFunction: Function | undefined;
  for (const [name, prototype] of prototypes) {
    const inert = function () {
      throw TypeError(`${name} is not available`);
    };
    fixPrototype(inert, prototype);
    setConstructor(prototype, inert);
    if (inertFunction === undefined) inertFunction = inert;
    else setPrototypeOf(inert, inertFunction);
    made[name] = inert;
  }
  return made;
};

/** An Error constructor over the original, with the V8 extras as the permits want them. */
const makeErrorConstructor = (OriginalError: ErrorConstructor): Function => {
  const TamedError = function Error(this: unknown, ...args: unknown[]) {
    return new.target === undefined ? OriginalError(...(args as [string])) : Reflect.construct(OriginalError, args, new.target);
  };
  fixPrototype(TamedError, OriginalError.prototype);
  const methods = {
    captureStackTrace(target: object) {
      defineProperty(target, 'stack', { value: '', writable: true, configurable: true });
    },
  };
  defineProperties(TamedError, {
    captureStackTrace: { value: methods.captureStackTrace, writable: true, configurable: true },
    stackTraceLimit: { get: () => OriginalError.stackTraceLimit, set: () => {}, configurable: true },
    prepareStackTrace: { get: () => undefined, set: () => {}, configurable: true },
  });
  return TamedError;
};

const tameErrorConstructor = (): Record<string, unknown> => {
  const InitialError = makeErrorConstructor(Error);
  const SharedError = makeErrorConstructor(Error);
  setConstructor(Error.prototype, SharedError);
  for (const NativeError of [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    setPrototypeOf(NativeError, SharedError);
  }
  return {
    '%InitialError%': InitialError,
    '%SharedError%': SharedError,
    '%InitialGetStackString%': (error: Error) => `${error.stack}`,
  };
};

const tameDateConstructor = (): Record<string, unknown> => {
  const OriginalDate = Date;
  const SharedDate = function Date(this: unknown, ...args: unknown[]) {
    if (new.target === undefined || args.length === 0) throw TypeError('secure mode Calling %SharedDate% without arguments throws');
    return Reflect.construct(OriginalDate, args, new.target);
  };
  fixPrototype(SharedDate, OriginalDate.prototype);
  const methods = {
    now(): number {
      throw TypeError('secure mode Calling %SharedDate%.now() throws');
    },
  };
  defineProperties(SharedDate, {
    now: { value: methods.now, writable: true, configurable: true },
    parse: { value: OriginalDate.parse, writable: true, configurable: true },
    UTC: { value: OriginalDate.UTC, writable: true, configurable: true },
  });
  setConstructor(OriginalDate.prototype, SharedDate);
  return { '%InitialDate%': OriginalDate, '%SharedDate%': SharedDate };
};

const tameMathObject = (): Record<string, unknown> => {
  const { random: _random, ...others } = getOwnPropertyDescriptors(Math);
  const methods = {
    random(): number {
      throw TypeError('secure mode %SharedMath%.random() throws');
    },
  };
  const sharedMath = Object.create(Object.prototype, {
    ...others,
    random: { value: methods.random, writable: true, configurable: true },
  });
  return { '%InitialMath%': Math, '%SharedMath%': sharedMath };
};

const tameRegExpConstructor = (): Record<string, unknown> => {
  const OriginalRegExp = RegExp;
  const SharedRegExp = function RegExp(this: unknown, ...args: unknown[]) {
    return new.target === undefined ? OriginalRegExp(...(args as [string])) : Reflect.construct(OriginalRegExp, args, new.target);
  };
  fixPrototype(SharedRegExp, OriginalRegExp.prototype);
  defineProperty(SharedRegExp, Symbol.species, getOwnPropertyDescriptor(OriginalRegExp, Symbol.species)!);
  setConstructor(OriginalRegExp.prototype, SharedRegExp);
  // The start compartment keeps the original, whose legacy statics the walk removes.
  return { '%InitialRegExp%': OriginalRegExp, '%SharedRegExp%': SharedRegExp };
};

const tameSymbolConstructor = (): Record<string, unknown> => {
  const OriginalSymbol = Symbol;
  const SharedSymbol = function Symbol(description?: string) {
    if (new.target !== undefined) throw TypeError('Symbol is not a constructor');
    return OriginalSymbol(description);
  };
  fixPrototype(SharedSymbol, OriginalSymbol.prototype);
  const descriptors: PropertyDescriptorMap = {};
  for (const name of Object.getOwnPropertyNames(OriginalSymbol)) {
    if (name === 'length' || name === 'name' || name === 'prototype') continue;
    descriptors[name] = getOwnPropertyDescriptor(OriginalSymbol, name)!;
  }
  defineProperties(SharedSymbol, descriptors);
  setConstructor(OriginalSymbol.prototype, SharedSymbol);
  return { '%SharedSymbol%': SharedSymbol };
};

/** Applies every stand-in taming; returns the intrinsics they made. */
export const applyStandInTamings = (): Record<string, unknown>[] => [
  { harden: (value: unknown) => value, lockdown: () => {} },
  tameFunctionConstructors(),
  tameErrorConstructor(),
  tameDateConstructor(),
  tameMathObject(),
  tameRegExpConstructor(),
  tameSymbolConstructor(),
];
