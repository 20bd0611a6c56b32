// Powerful host globals, attenuated even when a policy grants them whole.
//
// LavaMoat hands a package with `"process": true` the real `process`, and
// with it `process.getBuiltinModule('child_process')`, `process.binding`,
// `process.dlopen` and `process.mainModule.require`: every builtin and native
// code, whatever the policy says. Here a granted `process` is a stand-in
// built from an allow-list of Node 20's members (a member Node adds later is
// absent until someone reviews it: the list fails closed), with the members
// that reach modules, native code, the module loader, other packages'
// objects or the process's internals withheld, `process.env` read-only, and
// `process.stdout`, `stderr` and `stdin` views of the streams without their
// handles and internals (stdio-views.ts). The timer functions are powerful
// too: Node's timer objects link to other packages' timers, so a package
// gets timers with opaque handles (timer-views.ts).

import type { EventEmitter } from 'node:events';
import { makeStdioView, type StdioName } from './stdio-views.js';
import { isTimerFunctionName, safeTimerFunction, type HostTimerFunction } from './timer-views.js';

/** Globals that are the global object itself: the linker gives each package its own. */
export const globalObjectNames: ReadonlySet<string> = new Set([
  'global',
  'globalThis',
  'window',
  'self',
  'top',
  'frames',
  'parent',
]);

/** Why each withheld member of `process` is withheld (the review and the tests read this). */
export const processMembersWithheld: Readonly<Record<string, string>> = {
  binding: 'internal bindings: spawn_sync, fs, natives (every builtin, native code)',
  _linkedBinding: 'linked native bindings',
  dlopen: 'loads native code',
  getBuiltinModule: 'returns any builtin (child_process), whatever the policy says',
  mainModule: 'the entry module: mainModule.require loads anything',
  moduleLoadList: 'the list of loaded internal modules (the loader)',
  _preload_modules: 'the loader\'s --require list',
  _eval: 'the source given to node -e',
  reallyExit: 'exits without running exit handlers (internal)',
  _kill: 'raw signal sending (internal; kill stays)',
  _rawDebug: 'internal writer',
  _getActiveHandles: 'real handles of every package: sockets, servers, child processes',
  _getActiveRequests: 'real requests of every package',
  _fatalException: 'internal error dispatch',
  _tickCallback: 'internal task queue',
  _debugProcess: 'opens the inspector of another process (code execution there)',
  _debugEnd: 'closes the inspector',
  _startProfilerIdleNotifier: 'internal profiler',
  _stopProfilerIdleNotifier: 'internal profiler',
  _exiting: 'internal state',
  _events: 'every package\'s listeners',
  _eventsCount: 'internal state',
  _maxListeners: 'internal state',
  domain: 'legacy domains: reach other packages\' errors and emitters',
  report: 'writeReport writes files; getReport lists loaded libraries and the environment',
  loadEnvFile: 'reads a file and writes the environment',
  setUncaughtExceptionCaptureCallback: 'captures every package\'s errors',
  setSourceMapsEnabled: 'changes stack traces for every package',
  emit: 'calls every package\'s and Node\'s own listeners with forged arguments',
  assert: 'deprecated internal assert',
  send: 'IPC to the parent process, handles included',
  disconnect: 'closes the IPC channel of the whole process',
  channel: 'the IPC channel',
  ['__proto__']: 'the prototype chain reaches the real process object',
};

/** Functions forwarded with the real `process` as `this` (results that are the real process come back as the stand-in). */
const forwardedFunctions = [
  'abort',
  'availableMemory',
  'chdir',
  'constrainedMemory',
  'cpuUsage',
  'cwd',
  'emitWarning',
  'exit',
  'getActiveResourcesInfo',
  'getegid',
  'geteuid',
  'getgid',
  'getgroups',
  'getuid',
  'hasUncaughtExceptionCaptureCallback',
  'hrtime',
  'initgroups',
  'kill',
  'memoryUsage',
  'nextTick',
  'resourceUsage',
  'setegid',
  'seteuid',
  'setgid',
  'setgroups',
  'setuid',
  'umask',
  'uptime',
  'getMaxListeners',
  'setMaxListeners',
  'listenerCount',
  'eventNames',
] as const;

/** Values read live from the real process. */
const forwardedValues = [
  'allowedNodeEnvironmentFlags',
  'arch',
  'argv',
  'argv0',
  'connected',
  'debugPort',
  'execArgv',
  'execPath',
  'permission',
  'pid',
  'platform',
  'ppid',
  'sourceMapsEnabled',
  'version',
] as const;

/** Values that may also be assigned, the assignment going to the real process (CLIs set exitCode). */
const settableValues = ['exitCode', 'title', 'noDeprecation', 'throwDeprecation', 'traceDeprecation'] as const;

/** Plain data copied once and frozen, so that no package changes what another reads. */
const frozenCopies = ['versions', 'release', 'features', 'config'] as const;

/** Events whose listeners would receive other packages' functions, IPC handles or Worker objects. */
export const refusedProcessEvents: ReadonlySet<string> = new Set(['newListener', 'removeListener', 'message', 'worker']);

const listenerMethods = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;

export interface AttenuationOptions {
  /** The package's canonical name, for error messages. */
  packageName?: string;
  /** `process.env` assignments go to the real environment (the package has `"process": "write"`). */
  envWritable?: boolean;
}

export function isPowerfulGlobal(name: string): boolean {
  return name === 'process' || isTimerFunctionName(name);
}

/**
 * The value a package gets for the powerful global `name`: `process` becomes a
 * stand-in; the timer functions return opaque handles (timer-views.ts);
 * other names come back unchanged. The global object's own names
 * (`global`, `globalThis`) are refused: each package gets its own global object.
 */
export function attenuatePowerfulGlobal(name: string, value: unknown, options: AttenuationOptions = {}): unknown {
  if (globalObjectNames.has(name)) {
    throw new TypeError(
      `The global ${JSON.stringify(name)} is the host's global object; a package gets its own global object instead`,
    );
  }
  if (name === 'process' && value !== null && (typeof value === 'object' || typeof value === 'function')) {
    return makeProcessStandIn(value as NodeJS.Process, options);
  }
  if (isTimerFunctionName(name) && typeof value === 'function') return safeTimerFunction(name, value as HostTimerFunction);
  return value;
}

function packageLabel(options: AttenuationOptions): string {
  return options.packageName === undefined ? 'this package' : `package ${JSON.stringify(options.packageName)}`;
}

function makeProcessStandIn(real: NodeJS.Process, options: AttenuationOptions): object {
  const realRecord = real as unknown as Record<PropertyKey, unknown>;
  const standIn: Record<PropertyKey, unknown> = {};
  const outward = (result: unknown): unknown => (result === real ? standIn : result);
  const define = (key: PropertyKey, descriptor: PropertyDescriptor) =>
    Object.defineProperty(standIn, key, { enumerable: true, configurable: false, ...descriptor });

  for (const name of forwardedFunctions) {
    const fn = realRecord[name];
    if (typeof fn !== 'function') continue;
    const forwarder = function (this: unknown, ...args: unknown[]) {
      return outward(Reflect.apply(fn, real, args));
    };
    // hrtime.bigint, memoryUsage.rss: static helpers that do not use `this`.
    for (const key of Reflect.ownKeys(fn)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const inner = Reflect.get(fn, key);
      if (typeof inner === 'function') {
        Object.defineProperty(forwarder, key, {
          value: Object.freeze((...args: unknown[]) => Reflect.apply(inner, fn, args)),
        });
      }
    }
    Object.defineProperty(forwarder, 'name', { value: name });
    define(name, { value: Object.freeze(forwarder), writable: false });
  }
  for (const name of forwardedValues) {
    if (!(name in real)) continue;
    define(name, { get: () => outward(Reflect.get(real, name)) });
  }
  for (const name of settableValues) {
    define(name, {
      get: () => Reflect.get(real, name),
      set: (value: unknown) => {
        Reflect.set(real, name, value);
      },
    });
  }
  for (const name of frozenCopies) {
    const value = realRecord[name];
    if (value === undefined) continue;
    define(name, { value: deepFreeze(structuredClone(value)), writable: false });
  }
  // The stdio streams are views (stdio-views.ts), made when first read:
  // reading process.stdin is what makes Node open it.
  const stdioViews = new Map<StdioName, object>();
  const stdioView = (name: StdioName): object => {
    let view = stdioViews.get(name);
    if (view === undefined) {
      view = makeStdioView(Reflect.get(real, name) as EventEmitter, name);
      stdioViews.set(name, view);
    }
    return view;
  };
  for (const name of ['stdout', 'stderr', 'stdin'] as const) define(name, { get: () => stdioView(name) });
  const realOpenStdin = realRecord.openStdin;
  if (typeof realOpenStdin === 'function') {
    define('openStdin', {
      value: Object.freeze(function openStdin() {
        Reflect.apply(realOpenStdin, real, []);
        return stdioView('stdin');
      }),
      writable: false,
    });
  }
  define('env', { value: makeEnvView(real.env, options), writable: false });
  defineListenerMethods(real, standIn, define);
  define(Symbol.toStringTag, { value: 'process', enumerable: false, writable: false });
  return Object.freeze(standIn);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/**
 * Listeners are wrapped so that Node calls them with the stand-in as `this`
 * (EventEmitter passes the real process as `this`), and a package sees and
 * removes only its own listeners.
 */
function defineListenerMethods(
  real: NodeJS.Process,
  standIn: Record<PropertyKey, unknown>,
  define: (key: PropertyKey, descriptor: PropertyDescriptor) => void,
) {
  type Listener = (...args: unknown[]) => unknown;
  const wrapperOf = new WeakMap<Listener, Listener>();
  const originalOf = new WeakMap<Listener, Listener>();
  const wrap = (listener: Listener): Listener => {
    let wrapper = wrapperOf.get(listener);
    if (wrapper === undefined) {
      wrapper = function (...args: unknown[]) {
        return Reflect.apply(listener, standIn, args.map(arg => (arg === real ? standIn : arg)));
      };
      wrapperOf.set(listener, wrapper);
      originalOf.set(wrapper, listener);
    }
    return wrapper;
  };
  // rawListeners gives Node's once-wrappers, whose `listener` is what was registered.
  const ownOriginal = (raw: unknown): Listener | undefined => {
    if (typeof raw !== 'function') return undefined;
    const direct = originalOf.get(raw as Listener);
    if (direct !== undefined) return direct;
    const inner = (raw as { listener?: unknown }).listener;
    return typeof inner === 'function' ? originalOf.get(inner as Listener) : undefined;
  };
  const emitter = real as unknown as Record<string, (...args: unknown[]) => unknown>;

  for (const method of listenerMethods) {
    const realMethod = emitter[method];
    const subscribe = function (eventName: unknown, listener: unknown) {
      if (typeof listener !== 'function') {
        throw new TypeError(`process.${method}(${String(eventName)}, listener): the listener must be a function`);
      }
      if (typeof eventName === 'string' && refusedProcessEvents.has(eventName)) {
        throw new TypeError(
          `process.${method}(${JSON.stringify(eventName)}) is refused: its listeners would receive other packages' functions or handles`,
        );
      }
      Reflect.apply(realMethod, real, [eventName, wrap(listener as Listener)]);
      return standIn;
    };
    define(method, { value: Object.freeze(subscribe), writable: false });
  }
  const unsubscribe = function (eventName: unknown, listener: unknown) {
    const wrapper = typeof listener === 'function' ? wrapperOf.get(listener as Listener) : undefined;
    if (wrapper !== undefined) real.removeListener(eventName as string, wrapper);
    return standIn;
  };
  define('removeListener', { value: Object.freeze(unsubscribe), writable: false });
  define('off', { value: Object.freeze(unsubscribe), writable: false });
  const ownListeners = (eventName: unknown) =>
    real
      .rawListeners(eventName as string)
      .map(ownOriginal)
      .filter((listener): listener is Listener => listener !== undefined);
  define('listeners', { value: Object.freeze((eventName: unknown) => ownListeners(eventName)), writable: false });
  define('rawListeners', { value: Object.freeze((eventName: unknown) => ownListeners(eventName)), writable: false });
  const removeAll = function (eventName?: unknown) {
    const names = eventName === undefined ? real.eventNames() : [eventName as string | symbol];
    for (const name of names) {
      // Each removeListener call takes out one entry matching our wrapper
      // (a plain one or Node's once-wrapper around it), so call it once per entry.
      for (const raw of real.rawListeners(name)) {
        const original = ownOriginal(raw);
        if (original !== undefined) real.removeListener(name, wrapperOf.get(original)!);
      }
    }
    return standIn;
  };
  define('removeAllListeners', { value: Object.freeze(removeAll), writable: false });
}

/**
 * `process.env` as a live view: reads go to the real environment. A
 * package without `"process": "write"` may still set and delete entries,
 * as Node code does for itself (debug sets and deletes DEBUG), but those
 * changes stay in its own view: they never reach the real environment,
 * which other packages and child processes read. Definitions, prototype
 * changes and freezing throw. The proxy's target is a blank object so that
 * no trap ever reaches the real `env` by default (a forwarded
 * preventExtensions would freeze the host's environment).
 */
const environmentViews = new WeakSet<object>();

/** Whether `value` is a `process.env` view, whose names come and go (a view of one of them stays live). */
export function isEnvironmentView(value: unknown): boolean {
  return typeof value === 'object' && value !== null && environmentViews.has(value);
}

function makeEnvView(env: NodeJS.ProcessEnv, options: AttenuationOptions): object {
  const refuse = (what: string): never => {
    const name = options.packageName ?? '<package>';
    throw new TypeError(
      `${what} is refused: ${packageLabel(options)} may read process.env, not change it; ` +
        `to allow it, grant "process": "write" in resources[${JSON.stringify(name)}].globals of the policy override`,
    );
  };
  const describeKey = (key: PropertyKey) => (typeof key === 'string' ? `process.env.${key}` : 'process.env');
  // This package's own changes: a string set, or undefined for a deletion.
  const own = new Map<string, string | undefined>();
  const writable = options.envWritable === true;
  const read = (key: string): string | undefined => (own.has(key) ? own.get(key) : env[key]);
  const present = (key: string): boolean => (own.has(key) ? own.get(key) !== undefined : Object.hasOwn(env, key));
  const view = new Proxy(
    {},
    {
      get: (_target, key) => (typeof key === 'string' ? read(key) : undefined),
      has: (_target, key) => typeof key === 'string' && present(key),
      ownKeys: () => {
        const keys = new Set(Reflect.ownKeys(env).filter((key): key is string => typeof key === 'string' && present(key)));
        for (const [key, value] of own) if (value !== undefined) keys.add(key);
        return [...keys];
      },
      getOwnPropertyDescriptor: (_target, key) => {
        if (typeof key !== 'string' || !present(key)) return undefined;
        return { value: read(key), writable: true, enumerable: true, configurable: true };
      },
      set: (_target, key, value) => {
        if (typeof key !== 'string') return refuse(`Setting ${describeKey(key)}`);
        if (writable) return Reflect.set(env, key, value);
        // As the real environment does: every value becomes a string.
        own.set(key, String(value));
        return true;
      },
      deleteProperty: (_target, key) => {
        if (typeof key !== 'string') return refuse(`Deleting ${describeKey(key)}`);
        if (writable) return Reflect.deleteProperty(env, key);
        own.set(key, undefined);
        return true;
      },
      defineProperty: (_target, key) => refuse(`Defining ${describeKey(key)}`),
      setPrototypeOf: () => refuse('Changing the prototype of process.env'),
      preventExtensions: () => refuse('Freezing process.env'),
    },
  );
  environmentViews.add(view);
  return view;
}
