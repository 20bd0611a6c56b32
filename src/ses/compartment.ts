// The Compartment constructor and its shared prototype.
//
// Every compartment's global object has a Compartment constructor of its
// own (so a child knows its parent), but all of them share one prototype,
// whose methods find a compartment's private state in a WeakMap: nothing of
// that state is reachable from the compartment object itself.

import { objectHasOwn, assign, create, defineProperties, defineProperty, freeze, isObject, objectPrototype } from './commons.js';
import { makePrivateSlot } from './private-slot.js';
import { makeCompartmentEvaluator, type CompartmentEvaluator, type EvaluateOptions, type SafeEvaluate, type Transform } from './make-evaluator.js';
import { makeEvalFunction } from './make-eval-function.js';
import { makeFunctionConstructor } from './make-function-constructor.js';
import { makeGlobalObject, setGlobalObjectEvaluators, type GlobalTemplate } from './global-object.js';
import { importNamespace, importNamespaceNow, loadOnly, moduleNamespace } from './module-loader/module-graph.js';

/** What compartments need from lockdown; lockdown updates it as it tames. */
export interface CompartmentEnvironment {
  /** Descriptors of a new compartment's shared globals. */
  getGlobalTemplate(): GlobalTemplate;
  /** Makes Function.prototype.toString show a function as native code. */
  markNative(fn: Function): void;
}

/** The module options, stored for the module loader. */
export interface CompartmentModuleOptions {
  modules: Record<string, unknown>;
  resolveHook?: (importSpecifier: string, referrerSpecifier: string) => string;
  importHook?: (specifier: string) => Promise<unknown>;
  importNowHook?: (specifier: string) => unknown;
  moduleMapHook?: (specifier: string) => unknown;
  importMetaHook?: (specifier: string, importMeta: object) => void;
  __shimTransforms__: readonly Transform[];
  __noNamespaceBox__: boolean;
  noAggregateLoadErrors: boolean;
}

export interface CompartmentFields {
  name: string;
  globalObject: object;
  safeEvaluate: SafeEvaluate;
  evaluateModuleFunctor: CompartmentEvaluator['evaluateModuleFunctor'];
  parent: object | undefined;
  moduleOptions: CompartmentModuleOptions;
}

const compartmentFields = makePrivateSlot<CompartmentFields>();

const fieldsOf = (receiver: unknown, method: string): CompartmentFields => {
  const fields = isObject(receiver) ? compartmentFields.get(receiver) : undefined;
  if (fields === undefined) {
    throw TypeError(`Compartment.prototype.${method} called on something that is not a Compartment`);
  }
  return fields;
};

/** The private state of a compartment, for the module loader. */
export const getCompartmentFields = (compartment: object): CompartmentFields => fieldsOf(compartment, 'fields');

const inertConstructor = function Compartment(): never {
  throw TypeError('Compartment.prototype.constructor is not a valid constructor.');
};


// Method syntax: like built-in methods, these have no `prototype` and cannot be constructed.
const compartmentMethods = {
  evaluate(this: unknown, source: unknown, options: EvaluateOptions = {}): unknown {
    const fields = fieldsOf(this, 'evaluate');
    if (typeof source !== 'string') {
      throw TypeError(`first argument of evaluate() must be a string, got ${source === null ? 'null' : typeof source}`);
    }
    return fields.safeEvaluate(source, options, 'evaluate');
  },
  module(this: unknown, specifier: unknown): object {
    fieldsOf(this, 'module');
    if (typeof specifier !== 'string') throw TypeError('first argument of module() must be a string');
    return moduleNamespace(this as object, specifier);
  },
  import(this: unknown, specifier: unknown): Promise<unknown> {
    try {
      const fields = fieldsOf(this, 'import');
      if (typeof specifier !== 'string') throw TypeError('first argument of import() must be a string');
      const { __noNamespaceBox__ } = fields.moduleOptions;
      // The box keeps a namespace that exports `then` from being taken for a promise.
      return importNamespace(this as object, specifier).then(namespace => (__noNamespaceBox__ ? namespace : { namespace }));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  load(this: unknown, specifier: unknown): Promise<void> {
    try {
      fieldsOf(this, 'load');
      if (typeof specifier !== 'string') throw TypeError('first argument of load() must be a string');
      return loadOnly(this as object, specifier);
    } catch (error) {
      return Promise.reject(error);
    }
  },
  importNow(this: unknown, specifier: unknown): object {
    fieldsOf(this, 'importNow');
    if (typeof specifier !== 'string') throw TypeError('first argument of importNow() must be a string');
    return importNamespaceNow(this as object, specifier);
  },
};
const method = (value: Function): PropertyDescriptor => ({ value, writable: true, enumerable: false, configurable: true });

/** Compartment.prototype, shared by the Compartment constructors of every compartment. */
export const CompartmentPrototype: object = create(objectPrototype);
defineProperty(inertConstructor, 'prototype', { value: CompartmentPrototype, writable: false, enumerable: false, configurable: false });
defineProperties(CompartmentPrototype, {
  constructor: { value: inertConstructor, writable: true, enumerable: false, configurable: true },
  globalThis: {
    get(this: unknown) {
      return fieldsOf(this, 'globalThis').globalObject;
    },
    enumerable: false,
    configurable: true,
  },
  name: {
    get(this: unknown) {
      return fieldsOf(this, 'name').name;
    },
    enumerable: false,
    configurable: true,
  },
  __noNamespaceBox__: {
    get(this: unknown) {
      return fieldsOf(this, '__noNamespaceBox__').moduleOptions.__noNamespaceBox__;
    },
    enumerable: false,
    configurable: true,
  },
  evaluate: method(compartmentMethods.evaluate),
  module: method(compartmentMethods.module),
  import: method(compartmentMethods.import),
  load: method(compartmentMethods.load),
  importNow: method(compartmentMethods.importNow),
  [Symbol.toStringTag]: { value: 'Compartment', writable: false, enumerable: false, configurable: true },
});

interface CompartmentOptions extends Partial<CompartmentModuleOptions> {
  name?: unknown;
  globals?: object;
  transforms?: readonly Transform[];
  __options__?: boolean;
}

/** Accepts `(options)` with `__options__: true` or the legacy `(globals, modules, options)`. */
const normalizeArguments = (args: unknown[]): CompartmentOptions => {
  const [first, modules, legacyOptions] = args;
  if (isObject(first) && (first as CompartmentOptions).__options__ === true) {
    if (args.length > 1) {
      throw TypeError('Compartment: with __options__ true, options must be the only argument');
    }
    return first as CompartmentOptions;
  }
  if (isObject(first) && objectHasOwn(first, '__options__')) {
    throw Error(`Compartment constructor only supports true __options__ sigil, got ${String((first as any).__options__)}`);
  }
  if (isObject(legacyOptions) && (legacyOptions as CompartmentOptions).globals !== undefined && first !== undefined) {
    throw RangeError('Compartment constructor must receive either globals argument or option, not both');
  }
  return {
    ...((legacyOptions ?? {}) as CompartmentOptions),
    globals: (first ?? {}) as object,
    modules: (modules ?? {}) as Record<string, unknown>,
  };
};

const checkTransforms = (transforms: unknown, label: string): readonly Transform[] => {
  if (transforms === undefined) return [];
  if (!Array.isArray(transforms) || !transforms.every(t => typeof t === 'function')) {
    throw TypeError(`Compartment option ${label} must be an array of functions`);
  }
  return [...transforms];
};

const checkHook = <T>(hook: unknown, label: string): T | undefined => {
  if (hook !== undefined && typeof hook !== 'function') {
    throw TypeError(`Compartment option ${label} must be a function, got ${typeof hook}`);
  }
  return hook as T | undefined;
};

/** Makes a compartment: what `new Compartment(...args)` does in `parent`. */
const constructCompartment = (env: CompartmentEnvironment, parent: object | undefined, args: unknown[], newTarget: Function): object => {
  const options = normalizeArguments(args);
  const { name = '<unknown>', globals = {} } = options;
  const transforms = checkTransforms(options.transforms, 'transforms');
  const shimTransforms = checkTransforms(options.__shimTransforms__, '__shimTransforms__');
  const moduleOptions: CompartmentModuleOptions = {
    modules: { ...(options.modules ?? {}) },
    resolveHook: checkHook(options.resolveHook, 'resolveHook'),
    importHook: checkHook(options.importHook, 'importHook'),
    importNowHook: checkHook(options.importNowHook, 'importNowHook'),
    moduleMapHook: checkHook(options.moduleMapHook, 'moduleMapHook'),
    importMetaHook: checkHook(options.importMetaHook, 'importMetaHook'),
    __shimTransforms__: shimTransforms,
    __noNamespaceBox__: !!options.__noNamespaceBox__,
    noAggregateLoadErrors: !!options.noAggregateLoadErrors,
  };

  // As a class constructor does, so that subclasses get their own prototype.
  const newTargetPrototype = (newTarget as { prototype?: unknown }).prototype;
  const compartment = create(isObject(newTargetPrototype) ? newTargetPrototype : CompartmentPrototype);
  const globalObject = makeGlobalObject(env.getGlobalTemplate());
  const { safeEvaluate, evaluateModuleFunctor } = makeCompartmentEvaluator(globalObject, [...transforms, ...shimTransforms], () => evaluators.eval);
  const evaluators = {
    Compartment: makeCompartmentConstructor(env, compartment),
    eval: makeEvalFunction(safeEvaluate),
    Function: makeFunctionConstructor(safeEvaluate),
  };
  env.markNative(evaluators.eval as Function);
  env.markNative(evaluators.Function);
  setGlobalObjectEvaluators(globalObject, evaluators);
  assign(globalObject, globals);

  compartmentFields.set(compartment, {
    name: `${name}`,
    globalObject,
    safeEvaluate,
    evaluateModuleFunctor,
    parent,
    moduleOptions,
  });
  return compartment;
};

/** What every Compartment constructor shows of itself; never called (the proxies trap calls). */
const sharedCompartmentConstructor = function Compartment(): never {
  throw TypeError('unreachable: Compartment constructors are proxies');
};
defineProperties(sharedCompartmentConstructor, {
  length: { value: 0 },
  prototype: { value: CompartmentPrototype, writable: false, enumerable: false, configurable: false },
});
freeze(sharedCompartmentConstructor);

/** The traps of the Compartment constructor of one compartment (`parent`). */
class CompartmentConstructorTraps {
  readonly #env: CompartmentEnvironment;
  readonly #parent: object | undefined;
  constructor(env: CompartmentEnvironment, parent: object | undefined) {
    this.#env = env;
    this.#parent = parent;
  }
  apply(): never {
    throw TypeError("Class constructor Compartment cannot be invoked without 'new'");
  }
  construct(_target: unknown, args: unknown[], newTarget: Function): object {
    return constructCompartment(this.#env, this.#parent, args, newTarget);
  }
}
freeze(CompartmentConstructorTraps.prototype);

/**
 * Makes the Compartment constructor that code in `parent` sees (the start
 * compartment's when parent is undefined). Every compartment has its own (a
 * child knows its parent), made often: so each is a Proxy of one shared,
 * frozen constructor, as for `Function` (see make-function-constructor.ts).
 */
export const makeCompartmentConstructor = (env: CompartmentEnvironment, parent?: object): Function => {
  const Compartment = new Proxy(sharedCompartmentConstructor, new CompartmentConstructorTraps(env, parent)) as Function;
  env.markNative(Compartment);
  return Compartment;
};
