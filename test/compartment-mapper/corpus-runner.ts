// Runs one corpus program through importLocation, in a process of its own:
// lockdown first, then importLocation with the host's globals (time,
// randomness and Intl included) and every Node builtin given to every
// package (the generous authority of the corpus measurement; policies
// narrow it later). Usage:
//   node corpus-runner.js <absolute path of the program> [--archive]
// With --archive, the program is first made into an archive (makeArchive),
// which then runs from memory (parseArchive), with no file system.
// A failure to load or run prints the error on stderr and exits 1.

import { builtinModules, createRequire } from 'node:module';
import { lockdown } from '../../src/ses/index.js';
import fs from 'node:fs';
import url from 'node:url';
import crypto from 'node:crypto';
import { importLocation, makeArchive, parseArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';

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

// Taken before lockdown replaces what it tames (console: lockdown's wrapper of the host's).
const hostGlobals: Record<string, unknown> = {};
for (const name of hostGlobalNames) {
  if (name in globalThis) hostGlobals[name] = (globalThis as Record<string, unknown>)[name];
}

lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
hostGlobals.console = globalThis.console;
// Time, randomness and Intl, which compartments lack: the start
// compartment's, as a policy that grants them would give them.
hostGlobals.Date = globalThis.Date;
hostGlobals.Math = globalThis.Math;
hostGlobals.Intl = (globalThis as Record<string, unknown>).Intl;
// And the start compartment's Error, whose prepareStackTrace and
// captureStackTrace work (with attenuated call sites): depd, under express,
// reads call sites.
hostGlobals.Error = globalThis.Error;

// After lockdown, which refuses to run once Node's 'domain' module is
// loaded; and 'domain' cannot load after it (lockdown fixes
// process.domain), nor 'repl' which loads it: those two are left out.
const modules: Record<string, unknown> = {};
for (const name of builtinModules) {
  if (name === 'domain' || name === 'repl') continue;
  modules[name] = hostRequire(name);
  modules[`node:${name}`] = modules[name];
}

const [program, mode] = process.argv.slice(2);
if (program === undefined) throw Error('usage: corpus-runner.js <program> [--archive]');
const powers = makeReadPowers({ fs, url, crypto });
const options = { globals: hostGlobals, modules };
const running =
  mode === '--archive'
    ? makeArchive(powers, url.pathToFileURL(program).href).then(async bytes => (await parseArchive(bytes, program)).import(options))
    : importLocation(powers, url.pathToFileURL(program).href, options);
running.catch((error: unknown) => {
  process.stderr.write(`${mode === '--archive' ? 'archive' : 'importLocation'} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
