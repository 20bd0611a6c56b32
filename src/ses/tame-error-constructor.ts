// Error taming (lockdown step 3): replaces the global `Error` with two
// constructors that share the original `Error.prototype`, so every existing
// error, every native error (`TypeError`, ...) and `instanceof` keep working:
//
// - `%InitialError%`, the start compartment's: it keeps V8's stack API
//   (`captureStackTrace`, `prepareStackTrace`, `stackTraceLimit`), but call
//   sites handed to a user's `prepareStackTrace` are attenuated (no
//   `getThis`, no `getFunction`).
// - `%SharedError%`, every compartment's: powerless. `stackTraceLimit`
//   reads `undefined` and ignores writes, `prepareStackTrace` ignores writes
//   and reads as a function returning '', `captureStackTrace` writes ''.
//
// V8 formats an error's `stack` lazily, on its first read, with whatever
// `Error.prepareStackTrace` the original constructor has at that moment,
// whoever reads it. So, like the original ses, under errorTaming 'safe' the
// original constructor's `prepareStackTrace` makes every `stack` read ''
// (in compartments and in the start compartment alike) and keeps the call
// sites aside; `%InitialGetStackString%` (for the start compartment's
// console) renders them, filtered per `stackFiltering`. 'unsafe' puts the
// filtered stack back on `error.stack`; 'unsafe-debug' leaves V8's (and
// Node's source-mapping) formatting alone and gives compartments the same
// powers as the start compartment.
//
// The original `Error` constructor itself is not an intrinsic after this:
// Node's internals keep using it (and its writable `stackTraceLimit`).

import {
  FERAL_ERROR,
  apply,
  construct,
  defineProperties,
  defineProperty,
  freeze,
  getOwnPropertyDescriptor,
  getOwnPropertyDescriptors,
  globalThisRef,
  setPrototypeOf,
  weakmapGet,
  weakmapSet,
  weaksetAdd,
  weaksetHas,
} from './commons.js';
import { FERAL_STRING, FERAL_TYPE_ERROR, FERAL_WEAKMAP, FERAL_WEAKSET, arrayMap } from './errors/primordials.js';
import { parseStackText, renderFrames, type StackFiltering, type StackFrame } from './stack-filtering.js';

export type ErrorTaming = 'safe' | 'unsafe' | 'unsafe-debug';
export type { StackFiltering } from './stack-filtering.js';

export interface TamedErrorIntrinsics {
  '%InitialError%': ErrorConstructor;
  '%SharedError%': ErrorConstructor;
  /** The stack of `error` as `\n  at frame` lines (no message line), or ''. */
  '%InitialGetStackString%': (error: Error) => string;
}

/** V8's CallSite, as much of it as this file touches. */
interface CallSite {
  getFileName(): string | null | undefined;
  getFunctionName(): string | null;
  toString(): string;
}
type PrepareStackTrace = (error: Error, callSites: CallSite[]) => unknown;
/** The V8 statics, typed loosely: other engines lack them. */
type V8ErrorStatics = {
  captureStackTrace?: (target: object, constructorOpt?: Function) => void;
  prepareStackTrace?: PrepareStackTrace;
  stackTraceLimit?: number;
};
type V8ErrorConstructor = Omit<ErrorConstructor, keyof V8ErrorStatics> & V8ErrorStatics;

const OriginalError = FERAL_ERROR as unknown as V8ErrorConstructor;
const ErrorPrototype = OriginalError.prototype;
const originalCaptureStackTrace = OriginalError.captureStackTrace;
const isV8 = typeof originalCaptureStackTrace === 'function';

// The native error constructors, whose [[Prototype]] becomes %SharedError%
// (as `TypeError.__proto__ === Error` natively).
const nativeErrorConstructors: readonly Function[] = freeze(
  [
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
    (globalThisRef as any).AggregateError,
    (globalThisRef as any).SuppressedError,
  ].filter(constructor => typeof constructor === 'function'),
);

// Engines that follow the error-stacks proposal (not V8) put a `stack`
// accessor on Error.prototype: its getter is how to read a stack there.
const prototypeStackGetter = getOwnPropertyDescriptor(ErrorPrototype, 'stack')?.get;

// The CallSite methods a user's prepareStackTrace may call in the start
// compartment: those that describe a location. `getThis` and `getFunction`
// (which hand out live objects) are left out, as are the promise ones.
const attenuatedCallSiteMethodNames: readonly string[] = freeze([
  'getTypeName',
  'getFunctionName',
  'getMethodName',
  'getFileName',
  'getLineNumber',
  'getColumnNumber',
  'getEvalOrigin',
  'isToplevel',
  'isEval',
  'isNative',
  'isConstructor',
  'isAsync',
  'getPosition',
  'getScriptNameOrSourceURL',
  'toString',
]);

const attenuateCallSite = (callSite: CallSite): object => {
  const facet: Record<string, () => unknown> = {};
  for (const name of attenuatedCallSiteMethodNames) {
    const method = (callSite as any)[name];
    if (typeof method === 'function') facet[name] = () => apply(method, callSite, []);
  }
  return freeze(facet);
};

const frameOfCallSite = (callSite: CallSite): StackFrame => ({
  text: `${callSite}`,
  fileName: callSite.getFileName(),
  functionName: callSite.getFunctionName(),
});

/** `${value}` that never throws (a null-prototype object would). */
const safeToString = (value: unknown): string => {
  try {
    return `${value}`;
  } catch {
    return '[object]';
  }
};

/** Reads `error.stack` without letting a throwing getter escape. */
const readStack = (error: unknown): unknown => {
  try {
    return (error as { stack?: unknown }).stack;
  } catch {
    return undefined;
  }
};

/** A stack we only have as text, rendered like the others. */
const renderStackText = (stack: unknown, stackFiltering: StackFiltering): string =>
  typeof stack === 'string' ? renderFrames(parseStackText(stack).frames, stackFiltering) : '';

/** An Error constructor over the original, sharing its prototype. */
const makeErrorConstructor = (): V8ErrorConstructor => {
  // Named `Error` so that `Error.name` and stacks read as usual.
  const TamedError = function Error(this: unknown, ...args: unknown[]): Error {
    const error: Error =
      new.target === undefined ? apply(FERAL_ERROR, this, args) : construct(FERAL_ERROR, args, new.target);
    // Recapture so that this wrapper's own frame is not the top of the stack.
    if (isV8) apply(originalCaptureStackTrace!, OriginalError, [error, TamedError]);
    return error;
  };
  defineProperties(TamedError, {
    length: { value: 1 },
    prototype: { value: ErrorPrototype, writable: false, enumerable: false, configurable: false },
  });
  return TamedError as unknown as V8ErrorConstructor;
};

// %SharedError%'s statics: they accept what V8-minded code does to them
// (depd assigns prepareStackTrace, many set stackTraceLimit) and reveal
// nothing.
const emptyStackPreparer = freeze(() => '');
const powerlessStatics = {
  get stackTraceLimit(): undefined {
    return undefined;
  },
  set stackTraceLimit(_ignored: unknown) {},
  get prepareStackTrace(): () => string {
    return emptyStackPreparer;
  },
  set prepareStackTrace(_ignored: unknown) {},
  captureStackTrace(target: object, _constructorOpt?: Function): void {
    defineProperty(target, 'stack', { value: '', writable: true, enumerable: false, configurable: true });
  },
};

const accessorFrom = (record: object, name: string) => {
  const { get, set } = getOwnPropertyDescriptor(record, name)!;
  return { get, set, enumerable: false, configurable: true };
};

const makeResult = (
  InitialError: V8ErrorConstructor,
  SharedError: V8ErrorConstructor,
  getStackString: (error: Error) => string,
): TamedErrorIntrinsics => ({
  '%InitialError%': InitialError as unknown as ErrorConstructor,
  '%SharedError%': SharedError as unknown as ErrorConstructor,
  '%InitialGetStackString%': freeze(getStackString),
});

/**
 * Makes %InitialError% and %SharedError%, points `Error.prototype.constructor`
 * and the native errors' [[Prototype]] at %SharedError%, and, on V8, installs
 * the `prepareStackTrace` that decides what `error.stack` reads.
 */
export const tameErrorConstructor = (
  errorTaming: ErrorTaming = 'safe',
  stackFiltering: StackFiltering = 'concise',
): TamedErrorIntrinsics => {
  if (errorTaming !== 'safe' && errorTaming !== 'unsafe' && errorTaming !== 'unsafe-debug') {
    throw FERAL_TYPE_ERROR(`errorTaming must be 'safe', 'unsafe' or 'unsafe-debug', got ${FERAL_STRING(errorTaming)}`);
  }
  const InitialError = makeErrorConstructor();
  const SharedError = makeErrorConstructor();
  defineProperty(ErrorPrototype, 'constructor', { value: SharedError });
  for (const NativeError of nativeErrorConstructors) setPrototypeOf(NativeError, SharedError);

  // Writes reach the real limit (V8 reads it on the original constructor);
  // non-numbers are ignored rather than breaking the stack machinery.
  const limitAccessors = {
    get stackTraceLimit(): number | undefined {
      const limit = OriginalError.stackTraceLimit;
      return typeof limit === 'number' ? limit : undefined;
    },
    set stackTraceLimit(newLimit: unknown) {
      if (typeof newLimit === 'number' && typeof OriginalError.stackTraceLimit === 'number') {
        OriginalError.stackTraceLimit = newLimit;
      }
    },
  };
  defineProperty(InitialError, 'stackTraceLimit', accessorFrom(limitAccessors, 'stackTraceLimit'));

  if (isV8 && errorTaming === 'unsafe-debug') {
    // Leave V8's formatting (and Node's source maps) in place: the start
    // compartment and, as with the original ses, compartments too, reach
    // the real prepareStackTrace and captureStackTrace.
    const passThrough = {
      get prepareStackTrace(): PrepareStackTrace | undefined {
        return OriginalError.prepareStackTrace;
      },
      set prepareStackTrace(newPrepare: PrepareStackTrace | undefined) {
        OriginalError.prepareStackTrace = newPrepare;
      },
    };
    defineProperties(InitialError, {
      prepareStackTrace: accessorFrom(passThrough, 'prepareStackTrace'),
      captureStackTrace: { value: originalCaptureStackTrace, writable: true, enumerable: false, configurable: true },
    });
    const { stackTraceLimit, prepareStackTrace, captureStackTrace } = getOwnPropertyDescriptors(InitialError);
    defineProperties(SharedError, { stackTraceLimit, prepareStackTrace, captureStackTrace } as PropertyDescriptorMap);
    const getStackString = (error: Error): string => renderStackText(readStack(error), stackFiltering);
    return makeResult(InitialError, SharedError, getStackString);
  }

  defineProperty(SharedError, 'stackTraceLimit', accessorFrom(powerlessStatics, 'stackTraceLimit'));

  if (!isV8) {
    // Engines with a prototype `stack` accessor: override it so that a
    // stack shows only where errors are not tamed.
    const readOwnStack = (error: Error): string => {
      if (typeof prototypeStackGetter === 'function') return FERAL_STRING(apply(prototypeStackGetter, error, []));
      const stack = readStack(error);
      return typeof stack === 'string' ? stack : '';
    };
    const stackAccessors = {
      get stack(): string {
        return errorTaming === 'safe' ? safeToString(this) : readOwnStack(this as unknown as Error);
      },
      set stack(newStack: unknown) {
        defineProperty(this, 'stack', { value: newStack, writable: true, enumerable: true, configurable: true });
      },
    };
    defineProperty(ErrorPrototype, 'stack', accessorFrom(stackAccessors, 'stack'));
    return makeResult(InitialError, SharedError, readOwnStack);
  }

  defineProperties(SharedError, {
    prepareStackTrace: accessorFrom(powerlessStatics, 'prepareStackTrace'),
    captureStackTrace: {
      value: powerlessStatics.captureStackTrace,
      writable: false,
      enumerable: false,
      configurable: true,
    },
  });

  // What V8 handed to prepareStackTrace for each error (or target of
  // captureStackTrace): its call sites, turned into text on first demand.
  type StackInfo = { callSites: CallSite[]; stackString?: undefined } | { stackString: string };
  const stackInfos = new FERAL_WEAKMAP<object, StackInfo>();
  const stackStringOf = (callSites: CallSite[]) => renderFrames(arrayMap(callSites, frameOfCallSite), stackFiltering);

  // Every prepareStackTrace given to V8 is one of these "system" preparers,
  // as only they may see unattenuated call sites.
  const systemPreparers = new FERAL_WEAKSET<Function>();
  const systemPreparerFor = new FERAL_WEAKMAP<Function, PrepareStackTrace>();

  const defaultPreparer = {
    prepareStackTrace(error: Error, callSites: CallSite[]): string {
      if (errorTaming === 'unsafe') {
        const stackString = stackStringOf(callSites);
        weakmapSet(stackInfos, error, { stackString });
        return `${safeToString(error)}${stackString}`;
      }
      weakmapSet(stackInfos, error, { callSites });
      return '';
    },
  }.prepareStackTrace;
  weaksetAdd(systemPreparers, defaultPreparer);

  const wrapUserPreparer = (userPreparer: PrepareStackTrace): PrepareStackTrace => {
    const known = weakmapGet(systemPreparerFor, userPreparer);
    if (known) return known;
    const systemPreparer = {
      prepareStackTrace(error: Error, callSites: CallSite[]): unknown {
        weakmapSet(stackInfos, error, { callSites });
        return userPreparer(error, arrayMap(callSites, attenuateCallSite) as CallSite[]);
      },
    }.prepareStackTrace;
    weaksetAdd(systemPreparers, systemPreparer);
    weakmapSet(systemPreparerFor, userPreparer, systemPreparer);
    return systemPreparer;
  };

  OriginalError.prepareStackTrace = defaultPreparer;

  const initialStatics = {
    // Reading gives the preparer V8 calls, as in ses: the default one, or
    // the wrapper of the one assigned, which code that saves and restores
    // it may assign back as it is.
    get prepareStackTrace(): PrepareStackTrace | undefined {
      return OriginalError.prepareStackTrace;
    },
    set prepareStackTrace(newPrepare: unknown) {
      if (typeof newPrepare !== 'function') OriginalError.prepareStackTrace = defaultPreparer;
      else if (weaksetHas(systemPreparers, newPrepare)) OriginalError.prepareStackTrace = newPrepare as PrepareStackTrace;
      else OriginalError.prepareStackTrace = wrapUserPreparer(newPrepare as PrepareStackTrace);
    },
    // By default the stack is cut above this function, not above V8's.
    captureStackTrace(target: object, constructorOpt?: Function): void {
      apply(originalCaptureStackTrace!, OriginalError, [target, constructorOpt ?? initialStatics.captureStackTrace]);
    },
  };
  defineProperties(InitialError, {
    prepareStackTrace: accessorFrom(initialStatics, 'prepareStackTrace'),
    captureStackTrace: { value: initialStatics.captureStackTrace, writable: true, enumerable: false, configurable: true },
  });

  const getStackString = (error: Error): string => {
    let info = weakmapGet(stackInfos, error);
    if (info === undefined) {
      // The first read of `stack` runs prepareStackTrace, which records it.
      const stack = readStack(error);
      info = weakmapGet(stackInfos, error);
      // A stack formatted before taming (or by another realm) is only text.
      if (info === undefined) return renderStackText(stack, stackFiltering);
    }
    if (info.stackString !== undefined) return info.stackString;
    const stackString = stackStringOf(info.callSites);
    weakmapSet(stackInfos, error, { stackString });
    return stackString;
  };

  return makeResult(InitialError, SharedError, getStackString);
};
freeze(tameErrorConstructor);
