// The generous authority that the corpus programs get (the corpus test, the
// module-cache test and the mapper bench): the host's globals, the start
// compartment's time, randomness, Intl and Error, and every Node builtin to
// every package. Policies narrow this later.
//
// One difference in how, not what: each builtin is required on first use
// (a getter) rather than all ~70 up front, which would add some 50 ms of
// loading that the program did not ask for (the loader keeps a getter as it
// is, and calls it on the first require or import).
import { builtinModules, createRequire } from 'node:module';

const hostRequire = createRequire(import.meta.url);

/** Host globals a Node program expects besides the language's own. */
const hostGlobalNames = [
  'console', 'process', 'Buffer',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
  'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
  'fetch', 'Headers', 'Request', 'Response', 'FormData', 'Blob', 'File',
  'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'MessageChannel', 'MessagePort', 'BroadcastChannel',
  'structuredClone', 'atob', 'btoa', 'performance', 'crypto',
  'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream', 'TextDecoderStream',
  'WebAssembly',
];

/** Call before lockdown(), which replaces some of these. */
export const takeHostGlobals = (): Record<string, unknown> => {
  const globals: Record<string, unknown> = {};
  for (const name of hostGlobalNames) {
    if (name in globalThis) globals[name] = (globalThis as Record<string, unknown>)[name];
  }
  return globals;
};

/** Call after lockdown(): the globals and builtin modules every compartment gets. */
export const generousAuthority = (hostGlobals: Record<string, unknown>): { globals: Record<string, unknown>; modules: Record<string, unknown> } => {
  const start = globalThis as Record<string, unknown>;
  // lockdown's console, and the start compartment's powerful Date, Math,
  // Intl and Error (depd, under express, reads call sites through Error).
  const globals = { ...hostGlobals, console: start.console, Date: start.Date, Math: start.Math, Intl: start.Intl, Error: start.Error };
  const modules: Record<string, unknown> = {};
  for (const name of builtinModules) {
    // 'domain' refuses to load after lockdown, and 'repl' loads it.
    if (name === 'domain' || name === 'repl') continue;
    const load = { get: () => hostRequire(name), enumerable: true, configurable: true };
    Object.defineProperty(modules, name, load);
    Object.defineProperty(modules, `node:${name}`, load);
  }
  return { globals, modules };
};
