// What the host (Node, in the start compartment) has to give packages: its
// globals beyond the language's own, taken before lockdown replaces some of
// them; the start compartment's powerful Date, Math, Intl and Error, taken
// after; and its builtin modules, each loaded when first asked for.
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

/**
 * Call before lockdown(), which replaces some of these. A global that Node
 * makes on first use (fetch and its kin load undici, ~30 ms) stays a getter
 * here, read once when something first asks for it: a run whose packages
 * are not granted fetch never pays for it.
 */
export const takeHostGlobals = (): Record<string, unknown> => {
  const globals: Record<string, unknown> = {};
  for (const name of hostGlobalNames) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    if (descriptor === undefined) continue;
    if ('value' in descriptor) {
      globals[name] = descriptor.value;
      continue;
    }
    const { get } = descriptor;
    let read: { value: unknown } | undefined;
    Object.defineProperty(globals, name, {
      get: () => (read ??= { value: get === undefined ? undefined : Reflect.apply(get, globalThis, []) }).value,
      enumerable: true,
      configurable: true,
    });
  }
  return globals;
};

/** Call after lockdown(): the host globals with lockdown's console and the start compartment's Date, Math, Intl and Error. */
export const withStartCompartmentPowers = (hostGlobals: Record<string, unknown>): Record<string, unknown> => {
  const start = globalThis as Record<string, unknown>;
  // Descriptors, not values: the lazy globals stay lazy.
  const powers = Object.defineProperties({}, Object.getOwnPropertyDescriptors(hostGlobals)) as Record<string, unknown>;
  for (const name of ['console', 'Date', 'Math', 'Intl', 'Error']) {
    Object.defineProperty(powers, name, { value: start[name], writable: true, enumerable: true, configurable: true });
  }
  return powers;
};

/** Builtins that cannot be given after lockdown: 'domain' refuses to load then, and 'repl' loads it. */
const unavailable = new Set(['domain', 'repl']);

/** The builtin `name` ('fs' or 'node:fs'), or undefined for a name that is none (or cannot be given). */
export const hostBuiltin = (name: string): object | undefined => {
  const bare = name.startsWith('node:') ? name.slice('node:'.length) : name;
  if (unavailable.has(bare) || !builtinModules.includes(bare)) return undefined;
  return hostRequire(bare) as object;
};

/** Every builtin, by both names, each loaded on first use (a getter, which the loader keeps as it is). */
export const allHostBuiltins = (): Record<string, unknown> => {
  const modules: Record<string, unknown> = {};
  for (const name of builtinModules) {
    if (unavailable.has(name)) continue;
    const load = { get: () => hostRequire(name), enumerable: true, configurable: true };
    Object.defineProperty(modules, name, load);
    Object.defineProperty(modules, `node:${name}`, load);
  }
  return modules;
};
