// Builtin modules whose whole grant would reach beyond what the grant names.
// LavaMoat gives them as asked; here a whole grant (`"vm": true`) gives the
// module without its ways out of confinement, and a dotted grant that names
// one of those members (`"vm.runInThisContext": true`) gives that member: the
// policy then names the escape, and the review marks it (see
// grantedBuiltinEscapes). Each list says what is kept; every other member,
// including any that a later Node adds, is withheld (the lists fail closed).
// A withheld function is still there, as a function that throws saying why
// and which entry would allow it (so that `import { createRequire } from
// 'module'` links and fails when called, with that message); a withheld
// value is a getter that throws the same way.
//
// - vm: contexts are kept (a new context is another realm holding only what
//   it is given, and after lockdown the shared intrinsics' constructors are
//   tamed), but not what compiles in the host's own context:
//   runInThisContext (also on Script: Script is a wrapper without it),
//   compileFunction without a parsingContext, vm modules, and the
//   USE_MAIN_CONTEXT_DEFAULT_LOADER option (import() of any builtin).
// - module: the host's loader (createRequire, _load, register, the Module
//   class, the caches) loads any builtin and any file outside the policy:
//   only isBuiltin, builtinModules, findSourceMap and SourceMap are kept.
//   The module itself (the Module class) refuses to be called or built.
// - worker_threads: Worker starts a thread with all of Node; messaging is kept.
// - inspector: the debugger (open, Session) runs code anywhere in the process.
// - v8: flags, heap snapshots, promise hooks and object queries are withheld
//   (they break the engine's safety, read or reach every package's objects);
//   statistics and serialization are kept.
// - async_hooks: createHook and executionAsyncResource hand out other
//   packages' resources (their sockets and timers); AsyncLocalStorage,
//   AsyncResource and the async ids are kept.
// - diagnostics_channel: Node's own channels (http, net, undici, console,
//   child processes...) carry other packages' objects: refused by name
//   (diagnostics-channel-view.ts); packages' own channels are kept.
// - timers: the timer functions give safe handles (timer-views.ts); enroll,
//   active and their kin put an object in Node's timer lists, next to other
//   packages' timers.
// child_process and cluster are given whole: running programs is what the
// grant names, and no part of them is less (the review marks them).

import vm from 'node:vm';
import { builtinModules } from 'node:module';
import { hasReadAtOrBelow, type PathNode } from './global-views.js';
import { safeDiagnosticsChannel } from './diagnostics-channel-view.js';
import { safeTimerFunction } from './timer-views.js';

type AnyFunction = (...args: unknown[]) => unknown;
type AnyRecord = Record<string, unknown>;

interface Attenuation {
  /** Members given as they are. */
  keep: readonly string[];
  /** Members given as safe versions (`names`), made from the real module. */
  replace?: { names: readonly string[]; make: (real: AnyRecord) => AnyRecord };
  /** Why members are withheld; any member neither kept nor replaced is withheld. */
  why: Readonly<Record<string, string>>;
  /** The module is itself a function (module's Module): why calling it is refused. */
  callable?: string;
}

const timerNames = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;

const loaderReason = "part of Node's module loader, which loads builtins and files outside the policy";
const unreviewed = 'not reviewed (Node added it after this list was made)';

const mainContextLoader = (vm as unknown as { constants?: Record<string, unknown> }).constants
  ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

/** A copy of vm options (so that a getter cannot answer the check and then Node differently). */
function checkedVmOptions(options: unknown, what: string): unknown {
  if (options === null || typeof options !== 'object') return options;
  const copy = { ...(options as AnyRecord) };
  if (mainContextLoader !== undefined && copy.importModuleDynamically === mainContextLoader) {
    throw new TypeError(
      `${what}: importModuleDynamically: USE_MAIN_CONTEXT_DEFAULT_LOADER is refused: import() in that code would load any builtin (child_process) through the host's loader`,
    );
  }
  return copy;
}

function safeVm(): AnyRecord {
  const scripts = new WeakMap<object, vm.Script>();
  const realScript = (script: unknown, method: string): vm.Script => {
    const real = typeof script === 'object' && script !== null ? scripts.get(script) : undefined;
    if (real === undefined) throw new TypeError(`vm.Script.prototype.${method} must be called on a vm.Script`);
    return real;
  };
  // A Script without runInThisContext (the real prototype is never reachable from it).
  class Script {
    constructor(code: unknown, options?: unknown) {
      scripts.set(this, new vm.Script(code as string, checkedVmOptions(options, 'new vm.Script') as vm.ScriptOptions));
    }
    runInContext(context: unknown, options?: unknown) {
      return realScript(this, 'runInContext').runInContext(context as vm.Context, options as vm.RunningScriptOptions);
    }
    runInNewContext(contextObject?: unknown, options?: unknown) {
      return realScript(this, 'runInNewContext').runInNewContext(contextObject as vm.Context, options as vm.RunningScriptOptions);
    }
    createCachedData() {
      return realScript(this, 'createCachedData').createCachedData();
    }
    get cachedDataRejected() {
      return realScript(this, 'cachedDataRejected').cachedDataRejected;
    }
    get sourceMapURL() {
      return realScript(this, 'sourceMapURL').sourceMapURL;
    }
  }
  Object.freeze(Script.prototype);
  Object.freeze(Script);
  const constants = Object.freeze(
    Object.fromEntries(
      Object.entries((vm as unknown as { constants?: AnyRecord }).constants ?? {}).filter(
        ([name]) => name !== 'USE_MAIN_CONTEXT_DEFAULT_LOADER',
      ),
    ),
  );
  return {
    Script,
    createScript: (code: unknown, options?: unknown) => new Script(code, options),
    createContext: (contextObject?: unknown, options?: unknown) =>
      vm.createContext(contextObject as vm.Context, checkedVmOptions(options, 'vm.createContext') as vm.CreateContextOptions),
    runInContext: (code: unknown, context: unknown, options?: unknown) =>
      vm.runInContext(code as string, context as vm.Context, checkedVmOptions(options, 'vm.runInContext') as vm.RunningScriptOptions),
    runInNewContext: (code: unknown, contextObject?: unknown, options?: unknown) =>
      vm.runInNewContext(code as string, contextObject as vm.Context, checkedVmOptions(options, 'vm.runInNewContext') as vm.RunningScriptOptions),
    compileFunction(code: unknown, params?: unknown, options?: unknown) {
      const checked = checkedVmOptions(options, 'vm.compileFunction') as AnyRecord | undefined;
      if (checked === null || typeof checked !== 'object' || !vm.isContext(checked.parsingContext as object)) {
        throw new TypeError(
          "vm.compileFunction without options.parsingContext (a vm context) is refused: it would compile in the host's context, outside every compartment",
        );
      }
      return vm.compileFunction(code as string, params as string[], checked as vm.CompileFunctionOptions);
    },
    constants,
  };
}

const attenuations: Readonly<Record<string, Attenuation>> = {
  vm: {
    keep: ['isContext', 'measureMemory'],
    replace: {
      names: ['Script', 'createScript', 'createContext', 'runInContext', 'runInNewContext', 'compileFunction', 'constants'],
      make: () => safeVm(),
    },
    why: {
      runInThisContext: "runs code in the host's global scope, outside every compartment",
      Module: "vm modules evaluate in the host's context unless given another",
      SourceTextModule: "vm modules evaluate in the host's context unless given another",
      SyntheticModule: "vm modules evaluate in the host's context unless given another",
    },
  },
  module: {
    keep: ['isBuiltin', 'findSourceMap', 'SourceMap'],
    replace: { names: ['builtinModules'], make: () => ({ builtinModules: Object.freeze([...builtinModules]) }) },
    why: {
      createRequire: 'makes a require that loads any builtin (child_process) and any file, outside the policy',
      _load: 'loads any builtin and any file, outside the policy',
      Module: 'the class of the host\'s modules: their require and _compile load and run code outside the policy',
      prototype: 'the host\'s modules\' require and _compile load and run code outside the policy',
      register: 'loader hooks see and change every module the host loads',
      runMain: 'runs a file as the main module, outside the policy',
      _extensions: 'the compilers of every file the host loads',
      _cache: 'the host\'s loaded modules and their exports',
      wrap: 'changes how the host compiles every module',
      wrapper: 'changes how the host compiles every module',
      syncBuiltinESMExports: 'changes the builtin modules every package imports',
    },
    callable: 'the Module class: a module made with it requires and compiles code outside the policy',
  },
  worker_threads: {
    keep: [
      'isMainThread', 'MessagePort', 'MessageChannel', 'BroadcastChannel', 'markAsUntransferable',
      'isMarkedAsUntransferable', 'moveMessagePortToContext', 'receiveMessageOnPort', 'resourceLimits', 'threadId',
      'SHARE_ENV', 'parentPort', 'workerData', 'getEnvironmentData',
    ],
    why: {
      Worker: 'starts a thread that runs any file or source with all of Node, outside every compartment',
      setEnvironmentData: 'changes what every Worker the application starts later receives',
      postMessageToThread: 'sends messages to any thread of the process',
    },
  },
  inspector: {
    keep: ['url', 'console'],
    why: {
      open: 'opens the debugger port: whoever connects runs code anywhere in the process',
      close: 'closes the debugger of the whole process',
      waitForDebugger: 'waits for a debugger that runs code anywhere in the process',
      Session: "the debugger protocol: Runtime.evaluate runs code in the host's context",
      Network: 'reports the network activity of every package',
    },
  },
  v8: {
    keep: [
      'cachedDataVersionTag', 'getHeapStatistics', 'getHeapSpaceStatistics', 'getHeapCodeStatistics', 'serialize',
      'deserialize', 'Serializer', 'Deserializer', 'DefaultSerializer', 'DefaultDeserializer',
    ],
    why: {
      setFlagsFromString: "changes V8's flags (--allow-natives-syntax and others undo the engine's safety)",
      getHeapSnapshot: "reads every object of every package, secrets included",
      writeHeapSnapshot: 'writes every object of every package to a file',
      setHeapSnapshotNearHeapLimit: 'writes every object of every package to files',
      takeCoverage: 'writes coverage files',
      stopCoverage: 'stops coverage for the whole process',
      promiseHooks: "hooks called with every promise of every package",
      queryObjects: "finds other packages' objects by their prototype",
      startupSnapshot: "hooks into the process's startup snapshot",
    },
  },
  diagnostics_channel: {
    keep: [],
    replace: {
      names: ['channel', 'hasSubscribers', 'subscribe', 'unsubscribe', 'tracingChannel'],
      make: real => safeDiagnosticsChannel(real),
    },
    why: {
      Channel: "builds a channel directly, without the check that keeps Node's own channels (other packages' requests, sockets and console calls) out of reach",
    },
  },
  async_hooks: {
    keep: ['AsyncLocalStorage', 'AsyncResource', 'executionAsyncId', 'triggerAsyncId', 'asyncWrapProviders'],
    why: {
      createHook: "hooks called with every async resource of every package: their sockets, timers and requests",
      executionAsyncResource: "the host's resource of the running callback: a Node timer or socket with its internals",
    },
  },
  timers: {
    keep: ['promises'],
    replace: {
      names: timerNames,
      make: real => {
        const safe: AnyRecord = {};
        for (const name of timerNames) {
          if (typeof real[name] === 'function') safe[name] = safeTimerFunction(name, real[name] as AnyFunction);
        }
        return safe;
      },
    },
    why: {
      active: "puts an object into Node's timer lists, linked to other packages' timers",
      _unrefActive: "puts an object into Node's timer lists, linked to other packages' timers",
      enroll: "puts an object into Node's timer lists, linked to other packages' timers",
      unenroll: "takes an object out of Node's timer lists",
    },
  },
};

/** The builtins attenuated on a whole grant. */
export const attenuatedBuiltins: ReadonlySet<string> = new Set(Object.keys(attenuations));

/** Why `member` of `moduleName` is withheld from a whole grant, or undefined when it is given. */
export function withheldBuiltinMember(moduleName: string, member: string): string | undefined {
  const attenuation = attenuations[moduleName];
  if (attenuation === undefined || attenuation.keep.includes(member)) return undefined;
  if (attenuation.why[member] !== undefined) return attenuation.why[member];
  if (attenuation.replace?.names.includes(member)) return undefined;
  return moduleName === 'module' ? loaderReason : unreviewed;
}

/**
 * The escapes a builtin policy key names (`"vm.runInThisContext"`), for the
 * review: why that member is withheld from a whole grant, or undefined for a
 * key that names none (`"vm"`, `"vm.createContext"`).
 */
export function grantedBuiltinEscapes(key: string): string | undefined {
  const [moduleName, member] = key.replace(/^node:/, '').split('.');
  return member === undefined ? undefined : withheldBuiltinMember(moduleName!, member);
}

function refusal(moduleName: string, member: string | undefined, why: string, packageName: string | undefined): TypeError {
  const who = packageName === undefined ? 'This package' : `Package ${JSON.stringify(packageName)}`;
  const resource = packageName === undefined ? '<package>' : JSON.stringify(packageName);
  const what = member === undefined ? moduleName : `${moduleName}.${member}`;
  const doing = member === undefined ? `calling the module ${JSON.stringify(moduleName)} itself` : JSON.stringify(what);
  return new TypeError(
    `${who} was granted the builtin ${JSON.stringify(moduleName)} whole, which does not give ${doing} (${why}). ` +
      `To allow it, add ${JSON.stringify(member === undefined ? `${moduleName}.Module` : what)}: true to resources[${resource}].builtin in the policy override`,
  );
}

/**
 * What a package whose policy grants the builtin `moduleName` (`node` is its
 * grant tree there) gets in place of `real`: `real` itself for a module not
 * attenuated here; otherwise a frozen copy with the kept members, the safe
 * replacements, the withheld members the policy names from `real`, and the
 * other withheld members as refusals.
 */
export function attenuateBuiltin(moduleName: string, real: object, node: PathNode, packageName?: string): object {
  const attenuation = attenuations[moduleName];
  if (attenuation === undefined) return real;
  const realRecord = real as AnyRecord;
  const named = new Set([...node.children].filter(([, child]) => hasReadAtOrBelow(child)).map(([key]) => key));
  const replaced = attenuation.replace?.make(realRecord) ?? {};

  let copy: AnyRecord;
  if (attenuation.callable !== undefined) {
    const why = attenuation.callable;
    copy = function refusedModule() {
      throw refusal(moduleName, undefined, why, packageName);
    } as unknown as AnyRecord;
    Object.defineProperty(copy, 'name', { value: (real as { name?: string }).name ?? moduleName });
    Object.defineProperty(copy, 'prototype', { value: Object.freeze({}) });
  } else {
    copy = {};
  }
  const keys = new Set<string>([...Reflect.ownKeys(real).filter((key): key is string => typeof key === 'string'), ...Object.keys(replaced)]);
  for (const key of keys) {
    if (attenuation.callable !== undefined && (key === 'length' || key === 'name' || key === 'prototype') && !named.has(key)) continue;
    const enumerable = Reflect.getOwnPropertyDescriptor(real, key)?.enumerable ?? true;
    const define = (descriptor: PropertyDescriptor) =>
      Object.defineProperty(copy, key, { enumerable, configurable: false, ...descriptor });
    if (Object.hasOwn(replaced, key)) {
      define({ value: replaced[key], writable: false });
    } else if (attenuation.keep.includes(key) || named.has(key)) {
      define({ value: realRecord[key], writable: false });
    } else {
      const why = attenuation.why[key] ?? (moduleName === 'module' ? loaderReason : unreviewed);
      const value = Reflect.getOwnPropertyDescriptor(real, key)?.value;
      if (typeof value === 'function') {
        // A function, not a method, so that `new` reaches the message too.
        const refused = function () {
          throw refusal(moduleName, key, why, packageName);
        };
        Object.defineProperty(refused, 'name', { value: key });
        Object.freeze(refused.prototype);
        define({ value: Object.freeze(refused), writable: false });
      } else {
        Object.defineProperty(copy, key, {
          get: () => {
            throw refusal(moduleName, key, why, packageName);
          },
          enumerable: false,
          configurable: false,
        });
      }
    }
  }
  return Object.freeze(copy);
}
