// The primordials that endo/ses relies on, captured when this module first
// loads, before any other code can replace them. Code under src/ses uses these
// rather than reaching for globals at call time.

export const globalThisRef: typeof globalThis = globalThis;

export const {
  assign,
  create,
  defineProperty,
  defineProperties,
  entries,
  freeze,
  fromEntries,
  getOwnPropertyDescriptor,
  getOwnPropertyDescriptors,
  getOwnPropertyNames,
  getPrototypeOf,
  is,
  isExtensible,
  isFrozen,
  keys,
  preventExtensions,
  setPrototypeOf,
  values,
} = Object;

export const { apply, construct, ownKeys } = Reflect;
export const { isArray } = Array;
export const arrayPrototype = Array.prototype;
export const objectPrototype = Object.prototype;
export const functionPrototype = Function.prototype;

const { bind, call } = Function.prototype;

/**
 * `uncurryThis(Array.prototype.push)(arr, x)`: call a method without trusting
 * the receiver's prototype chain. It is `call` bound to the method (rather
 * than a closure with rest arguments): what V8 calls fastest.
 */
export const uncurryThis = <T, A extends unknown[], R>(method: (this: T, ...args: A) => R): ((receiver: T, ...args: A) => R) =>
  apply(bind, call, [method]) as (receiver: T, ...args: A) => R;

export const arrayPush = uncurryThis(Array.prototype.push) as (array: unknown[], ...items: unknown[]) => number;
export const arrayJoin = uncurryThis(Array.prototype.join) as (array: unknown[], separator?: string) => string;
export const stringSlice = uncurryThis(String.prototype.slice) as (s: string, start?: number, end?: number) => string;
export const stringStartsWith = uncurryThis(String.prototype.startsWith) as (s: string, search: string) => boolean;
// A realm without Object.hasOwn (an older engine, or code that deleted it
// before us) gets one on import, as ses gives it; lockdown then hardens it.
if (typeof Object.hasOwn !== 'function') {
  const { hasOwnProperty } = Object.prototype;
  // Method syntax: named hasOwn, length 2, not a constructor, as the built-in.
  const { hasOwn } = {
    hasOwn(object: unknown, key: PropertyKey): boolean {
      return apply(hasOwnProperty, object, [key]) as boolean; // throws for null and undefined, as the built-in
    },
  };
  defineProperty(Object, 'hasOwn', { value: hasOwn, writable: true, enumerable: false, configurable: true });
}
export const objectHasOwn = Object.hasOwn;

export const FERAL_FUNCTION = Function;
export const FERAL_EVAL = eval;
export const FERAL_ERROR = Error;
export const weakmapGet = uncurryThis(WeakMap.prototype.get) as <K extends object, V>(map: WeakMap<K, V>, key: K) => V | undefined;
export const weakmapSet = uncurryThis(WeakMap.prototype.set) as <K extends object, V>(map: WeakMap<K, V>, key: K, value: V) => WeakMap<K, V>;
export const weaksetHas = uncurryThis(WeakSet.prototype.has) as <T extends object>(set: WeakSet<T>, value: T) => boolean;
export const weaksetAdd = uncurryThis(WeakSet.prototype.add) as <T extends object>(set: WeakSet<T>, value: T) => WeakSet<T>;

/**
 * Gives `fn` the `length` the original's function has, where ours takes
 * more (optional) parameters: code may read it. Before `fn` is frozen.
 */
export const setFunctionLength = <F extends Function>(fn: F, length: number): F => {
  defineProperty(fn, 'length', { value: length, writable: false, enumerable: false, configurable: true });
  return fn;
};

/** The host's environment variables (Node's process.env), or none. */
export const hostEnvironment = (): Record<string, string | undefined> => {
  const env = (globalThisRef as { process?: { env?: unknown } }).process?.env;
  return typeof env === 'object' && env !== null ? (env as Record<string, string | undefined>) : {};
};

/** True for objects and functions: the values that have identity. */
export const isObject = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';
